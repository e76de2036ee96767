// RUN: nnid-opt %s -split-input-file --nnid-add-entry-wrapper -verify-diagnostics

// expected-error @below {{the module has no function 'forward' (and no single public function to use instead)}}
module {
  func.func @a(%x: tensor<2xf32>) -> tensor<2xf32> {
    return %x : tensor<2xf32>
  }
  func.func @b(%x: tensor<2xf32>) -> tensor<2xf32> {
    return %x : tensor<2xf32>
  }
}

// -----

// expected-error @below {{function 'forward' has no body}}
module {
  func.func private @forward(%x: tensor<2xf32>) -> tensor<2xf32>
}

// -----

// expected-error @below {{argument 0 of 'forward' must be a ranked f32 tensor}}
module {
  func.func @forward(%x: tensor<2xi32>) -> tensor<2xi32> {
    return %x : tensor<2xi32>
  }
}

// -----

// expected-error @below {{result 0 of 'forward' must be a ranked f32 tensor}}
module {
  func.func @forward(%x: tensor<2xf32>) -> tensor<*xf32> {
    %0 = tensor.cast %x : tensor<2xf32> to tensor<*xf32>
    return %0 : tensor<*xf32>
  }
}

// -----

// expected-error @below {{the module already has a symbol 'nnid_entry_forward'}}
module {
  func.func @forward(%x: tensor<2xf32>) -> tensor<2xf32> {
    return %x : tensor<2xf32>
  }
  func.func private @nnid_entry_forward()
}
