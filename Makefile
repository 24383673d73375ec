# Two doors for a newcomer (DESIGN.md): `make run` and `make test`.
# Both first make sure the system packages are there (scripts/setup).
BUILD      ?= build
TEST_BUILD ?= build-test
CMAKE_ARGS ?=
JOBS       ?= 2
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60

.PHONY: all setup build run test asan valgrind bench gallery fuzz mutants clean

all: build

setup:
	@bash scripts/setup

build: setup
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_ARGS) >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

run: build
	./$(BUILD)/nascost run scenarios/lisa-rnd.yaml

test: setup
	cmake -S . -B $(TEST_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNC_TESTS=ON $(CMAKE_ARGS) >/dev/null
	cmake --build $(TEST_BUILD) -j $(JOBS)
	ctest --test-dir $(TEST_BUILD) --output-on-failure -j $(JOBS)

asan:
	$(MAKE) test TEST_BUILD=build-asan CMAKE_ARGS="-DNC_SANITIZE=ON $(CMAKE_ARGS)"

# memcheck over the fast tests and the command line (after make test built them)
valgrind: test
	bash scripts/valgrind.sh $(TEST_BUILD) .

bench: build
	cmake --build $(BUILD) --target bench

# The README's figures (plots/gallery/*.png), from the shipped scenarios.
gallery: build
	bash scripts/gallery.sh ./$(BUILD)/nascost

# libFuzzer harnesses (tests/fuzz/): clang -fsanitize=fuzzer,address,undefined -g -O1 against
# the library's sources, each run for FUZZ_SECONDS on its corpus; findings go to
# $(FUZZ_BUILD)/artifacts/NAME/ and make this fail.
fuzz:
	bash tests/fuzz/build.sh $(FUZZ_BUILD)
	bash tests/fuzz/run.sh $(FUZZ_BUILD) -max_total_time=$(FUZZ_SECONDS)

# Mutation test of the core (tests/mutants/mutants.txt): each listed one-line bug applied in
# turn to a copy of the tree in $(BUILD)/mutants/, the suite run on it; the table and score go
# to $(BUILD)/mutants.txt. Not part of CI or `make test`. MUTANTS=ID,ID or MUTANTS_FILE=sim/x.c
# run a subset. Fails below 95% of the non-equivalent mutants killed.
mutants: setup
	python3 scripts/mutants.py --work $(BUILD)/mutants --out $(BUILD)/mutants.txt

clean:
	rm -rf $(BUILD) $(TEST_BUILD) build-asan $(FUZZ_BUILD)
