# Mikiwame — `make help` lists the targets.

GO       ?= go
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
GOROOT   := $(shell $(GO) env GOROOT)
WASM_DIR := extension/wasm
BIN      := bin
DIST     := dist
# Go's own runner for js/wasm test binaries (Node).
WASM_EXEC := $(GOROOT)/lib/wasm/go_js_wasm_exec
# Extra flags for the native Go tests; CI sets GOTESTFLAGS=-race.
GOTESTFLAGS ?=
# One test package at a time: the API's fault and failover tests measure
# latency under their own load, which means nothing while another package's
# Redis Cluster or flood test takes the other core.
GOTESTP ?= 1

.DEFAULT_GOAL := help

.PHONY: help
help: ## list the targets
	@awk 'BEGIN{FS=":.*## "} /^[a-z-]+:.*## /{printf "  make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: build
build: wasm extension server cli ## build everything

.PHONY: generate
generate: ## regenerate the JS files whose facts come from Go (docs/GENERATED.md)
	$(GO) generate ./...

.PHONY: wasm
wasm: build-json ## build the wasm checker into extension/wasm/
	@mkdir -p $(WASM_DIR)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags="-s -w -X main.version=$(VERSION)" -o $(WASM_DIR)/mikiwame.wasm ./wasm
	cp $(GOROOT)/lib/wasm/wasm_exec.js $(WASM_DIR)/wasm_exec.js

# extension/build.json (a build output) tells the extension its version and
# the API address `make run` serves (MIKIWAME_ADDR, default
# 127.0.0.1:8080), its default until the shopper saves another. An address
# on all interfaces (":8080", "0.0.0.0:8080") is called on 127.0.0.1.
BUILD_JSON ?= extension/build.json
.PHONY: build-json
build-json:
	@addr="$${MIKIWAME_ADDR:-127.0.0.1:8080}"; host="$${addr%:*}"; port="$${addr##*:}"; \
	case "$$host" in ""|0.0.0.0|"[::]") host=127.0.0.1;; esac; \
	printf '{"version": "%s", "apiURL": "http://%s:%s"}\n' "$(VERSION)" "$$host" "$$port" > $(BUILD_JSON)

# One source, two packages: the Firefox manifest is made from
# extension/manifest.json by cmd/packext's rule (docs: README "Firefox").
.PHONY: extension
extension: wasm ## build the extension (with wasm) and the Chrome and Firefox zips in dist/
	$(GO) run ./cmd/packext -o $(DIST)/mikiwame-chrome.zip extension
	$(GO) run ./cmd/packext -browser firefox -o $(DIST)/mikiwame-firefox.zip extension
	@echo "extension: Chrome: load extension/ unpacked, or upload $(DIST)/mikiwame-chrome.zip"
	@echo "           Firefox: about:debugging → This Firefox → Load Temporary Add-on → $(DIST)/mikiwame-firefox.zip"

.PHONY: server
server: ## build the API server into bin/
	$(GO) build -trimpath -ldflags="-X main.version=$(VERSION)" -o $(BIN)/mikiwame-server ./server

.PHONY: cli
cli: ## build the command-line checker into bin/
	$(GO) build -trimpath -ldflags="-X main.version=$(VERSION)" -o $(BIN)/mikiwame ./cmd/mikiwame

# run builds the server binary and runs it (not `go run`, which reports a
# Ctrl-C as a failure): the server stops gracefully on SIGINT and exits 0,
# so Ctrl-C ends make quietly.
.PHONY: run
run: extension server serve ## build the extension and run the API on an embedded store (no setup)

# serve runs the server make run built, saying where the extension calls it.
.PHONY: serve
serve:
	@api="$$(sed -n 's/.*"apiURL": "\([^"]*\)".*/\1/p' $(BUILD_JSON))"; \
	echo ""; \
	echo "  Load the extension: chrome://extensions → Developer mode → Load unpacked → $(CURDIR)/extension"; \
	echo "  Firefox: about:debugging → This Firefox → Load Temporary Add-on → $(CURDIR)/$(DIST)/mikiwame-firefox.zip"; \
	echo "  (already loaded? press its reload button: it now calls $$api)"; \
	case "$$api" in http://127.0.0.1:*|http://localhost:*) ;; *) \
	echo "  $$api is not this machine: the extension calls plain http only on 127.0.0.1 and localhost."; \
	echo "  Serve the API over https and type that address in the extension's Settings.";; esac; \
	echo "  The API $(VERSION) starts below on $${MIKIWAME_ADDR:-127.0.0.1:8080} (Ctrl-C stops it)."; \
	echo ""
	@exec $(BIN)/mikiwame-server

.PHONY: node-deps
node-deps: ## install the test tools of the extension (npm ci)
	@command -v node >/dev/null || { echo "node is required for the extension tests (Node 20+)"; exit 1; }
	cd extension && npm ci --no-audit --no-fund

.PHONY: test
test: wasm node-deps ## run every test: Go, wasm under Node, extension unit and end-to-end in Chromium and Firefox ESR
	@command -v redis-server >/dev/null || { echo "redis-server is required by the store and API tests: apt-get install redis-server"; exit 1; }
	$(GO) vet ./...
	$(GO) test -count=1 -p $(GOTESTP) $(GOTESTFLAGS) ./...
	GOOS=js GOARCH=wasm $(GO) test -count=1 -exec="$(WASM_EXEC)" ./wasm/...
	cd extension && npm test

.PHONY: eval
eval: ## measure the scorer on the scenario corpus: agreement per category and class, every wrong case
	$(GO) run ./cmd/mkweval

.PHONY: bench
bench: wasm node-deps ## run the benchmarks and print ratios against same-run baselines
	$(GO) test -run='^$$' -bench=. -benchmem ./internal/...
	$(GO) run ./server/internal/loadtest
	cd extension && npm run bench

.PHONY: fuzz
fuzz: ## fuzz every extractor and decoder for a short while (FUZZTIME=30s each)
	@for p in $$($(GO) list ./...); do \
		for f in $$($(GO) test -list='^Fuzz' $$p 2>/dev/null | grep '^Fuzz'); do \
			echo "== $$p $$f"; $(GO) test -run='^$$' -fuzz="^$$f$$" -fuzztime=$${FUZZTIME:-30s} -fuzzminimizetime=$${FUZZMINIMIZETIME:-5s} $$p || exit 1; \
		done; \
	done

# web-ext lint reads the Firefox zip as AMO would, warnings as errors. The
# warm-up samples (warmup/*.html) are made-up Amazon pages the worker reads
# as text and never renders, so their inline scripts are not the
# extension's. NO_UPDATE_NOTIFIER: web-ext would otherwise ask the npm
# registry for a newer web-ext every few days; lint reads only local files.
.PHONY: lint
lint: node-deps extension ## gofmt, go vet, eslint and web-ext lint of the Firefox zip
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt would change:"; gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) vet ./...
	cd extension && npx --no-install eslint .
	cd extension && NO_UPDATE_NOTIFIER=1 npx --no-install web-ext lint --no-input --no-config-discovery --warnings-as-errors --ignore-files 'warmup/*.html' --source-dir ../$(DIST)/mikiwame-firefox.zip

.PHONY: clean
clean: ## remove build outputs
	rm -rf $(BIN) $(DIST) $(WASM_DIR)
