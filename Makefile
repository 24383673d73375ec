# Two doors for a newcomer (DESIGN.md): `make run` and `make test`.
# Both first make sure the system packages are there (scripts/setup).
BUILD      ?= build
TEST_BUILD ?= build-test
CMAKE_ARGS ?=
JOBS       ?= 2

.PHONY: all setup build run test asan bench clean

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

bench: build
	cmake --build $(BUILD) --target bench

clean:
	rm -rf $(BUILD) $(TEST_BUILD) build-asan
