package httpapi

import "github.com/labstack/echo/v4"

// routes registers every route of the API. docs/openapi.yaml describes
// the same set; a test keeps the two equal.
func (s *Server) routes(e *echo.Echo) {
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/metrics", echo.WrapHandler(s.metrics.Handler()))

	v1 := e.Group("/v1")
	v1.POST("/clients", s.mintClient)
	v1.POST("/observations", s.postObservations, s.requireClient, s.limitWrites)
	v1.GET("/baselines/:marketplace/:asin", s.getBaseline)
	v1.POST("/reports", s.postReport, s.requireClient, s.limitWrites)
	v1.GET("/sellers/:marketplace/:sellerId", s.getSeller)

	admin := v1.Group("/admin", s.requireAdmin)
	admin.GET("/reports", s.listReports)
	admin.DELETE("/sellers/:marketplace/:sellerId/reports", s.dismissReports)
}
