// RUN: nnid-opt %s --nnid-hoist-device-constants=min-elements=0 -verify-diagnostics

// expected-error @below {{min-elements must be at least 1, got 0}}
module {
}
