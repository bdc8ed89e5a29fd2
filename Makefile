# The two commands of the quick start: `make demo` and `make test`.
SWIFT ?= swift
CONFIG ?= debug

.PHONY: deps build release demo demo-season demo-year serve-demo test test-quick tsan bench fuzz clean

deps:
	@Scripts/ensure-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# The main job on the bundled samples.
demo: deps
	@Scripts/demo.sh

# The season on the samples: batch, the bank's answer, reconcile, resubmission, re-issue, status.
demo-season: deps
	@Scripts/demo-season.sh

# The year 2017 of the seed report: four programmes in one ledger, then the year-end report.
demo-year: deps
	@Scripts/demo-year.sh

# The district intake on the bundled samples: out/serve-demo, password "demo", on 127.0.0.1:8080
# (PORT=…), in the foreground until Ctrl-C.
serve-demo: deps
	@Scripts/serve-demo.sh

test: deps
	$(SWIFT) test

# While editing: every test but those tagged slow (scenarios, runs of the binary, LibreOffice).
test-quick: deps
	ROSTER_QUICK=1 $(SWIFT) test

# The tests that exercise parallel code, under ThreadSanitizer (its own build folder).
tsan: deps
	@Scripts/tsan.sh

# Speed against the anchor tools of ../shared/bench (prints figures and ratios), then the intake
# under load: 14 districts uploading at once to roster serve on loopback (Scripts/load-intake.sh).
bench: deps
	@Scripts/bench.sh; status=$$?; Scripts/bench-writer.sh $${ROWS:-100000} $${RUNS:-3} || status=1; \
	  Scripts/load-intake.sh || status=1; exit $$status

# libFuzzer targets, FUZZ_SECONDS each (Scripts/fuzz.sh; results in fuzz-out/, see docs/robustness.md).
FUZZ_SECONDS ?= 300
fuzz: deps
	@Scripts/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

clean:
	rm -rf .build
