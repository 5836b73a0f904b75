// The one Catch2 runner shared by every unit test program (Catch2 2 or 3: catch_compat.hpp).
#define CATCH_CONFIG_RUNNER
#include "support/catch_compat.hpp"

int main(int argc, char* argv[]) {
    return Catch::Session().run(argc, argv);
}
