/* The C interface is implemented in Swift (target SwiftRLCAPI); this target only publishes swiftrl.h. */
#include "swiftrl.h"
