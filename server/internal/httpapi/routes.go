package httpapi

import "github.com/labstack/echo/v4"

// routes registers every route of the API. docs/openapi.yaml describes
// the same set; a test keeps the two equal. /metrics is not here: it has
// a listener of its own (MetricsHandler).
func (s *Server) routes(e *echo.Echo) {
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)

	v1 := e.Group("/v1")
	v1.POST("/challenges", s.newChallenge)
	v1.POST("/clients", s.mintClient)
	v1.POST("/observations", s.postObservations, s.requireClient, s.limitWrites)
	v1.POST("/reports", s.postReport, s.requireClient, s.limitWrites)
	// Reads by bucket only: the exact routes by ASIN or seller ID told
	// the server what each shopper looked at (docs/API.md, "Buckets").
	v1.GET("/buckets/baselines/:prefix", s.getBaselineBucket)
	v1.GET("/buckets/sellers/:prefix", s.getSellerBucket)

	admin := v1.Group("/admin", s.requireAdmin)
	admin.GET("/reports", s.listReports)
	admin.GET("/sellers/:marketplace/:sellerId", s.adminSeller)
	admin.DELETE("/sellers/:marketplace/:sellerId/reports", s.dismissReports)
	admin.GET("/clients/:clientId", s.adminClient)
	admin.DELETE("/clients/:clientId", s.revokeClient)
}
