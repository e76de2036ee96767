//===- Layers.h - pieces the ONNX op importers share ------------*- C++ -*-===//

#ifndef NNID_LIB_ONNX_LAYERS_H
#define NNID_LIB_ONNX_LAYERS_H

#include "Importer.h"

namespace nnid::onnx_import {

/// The ranked type of `value`, which must have `rank` (any when negative).
mlir::FailureOr<mlir::RankedTensorType> getRankedType(NodeImporter &node,
                                                      mlir::Value value,
                                                      int64_t rank,
                                                      llvm::StringRef what);

/// A 2-value ints attribute (strides, dilations), `otherwise` when absent.
mlir::FailureOr<llvm::SmallVector<int64_t>>
getPairAttr(NodeImporter &node, llvm::StringRef name, int64_t otherwise);

/// nnid's [top, left, bottom, right] from `pads` or `auto_pad`.
mlir::FailureOr<llvm::SmallVector<int64_t>>
getSpatialPadding(NodeImporter &node, llvm::ArrayRef<int64_t> inputHW,
                  llvm::ArrayRef<int64_t> kernel,
                  llvm::ArrayRef<int64_t> stride,
                  llvm::ArrayRef<int64_t> dilation);

/// TOSA ops for the plain tensor math layers need.
mlir::Value createTosaConstShape(NodeImporter &node,
                                 llvm::ArrayRef<int64_t> shape);
mlir::FailureOr<mlir::Value> createReshape(NodeImporter &node,
                                           mlir::Value input,
                                           llvm::ArrayRef<int64_t> shape);
/// `input[offset[d] : offset[d] + size[d] * stride[d] : stride[d]]`
/// (tosa.slice, or tensor.extract_slice for strides, empty results and a
/// dynamic batch, which is taken whole with a size of kDynamic).
mlir::FailureOr<mlir::Value> createSlice(NodeImporter &node, mlir::Value input,
                                         llvm::ArrayRef<int64_t> offsets,
                                         llvm::ArrayRef<int64_t> sizes,
                                         llvm::ArrayRef<int64_t> strides);
mlir::FailureOr<mlir::Value> createTranspose2D(NodeImporter &node,
                                               mlir::Value input);
/// nnid.add for equal types, tosa.add with NumPy broadcasting otherwise.
mlir::FailureOr<mlir::Value>
createBroadcastAdd(NodeImporter &node, mlir::Value lhs, mlir::Value rhs);
/// NumPy's broadcast of two shapes, or failure.
mlir::FailureOr<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<int64_t> lhs, llvm::ArrayRef<int64_t> rhs);
/// `value` with leading unit dimensions up to `rank`.
mlir::FailureOr<mlir::Value> padRank(NodeImporter &node, mlir::Value value,
                                     size_t rank);

/// The elementwise math of ImportElementwise.cpp, as TOSA ops.
enum class BinaryKind { Add, Sub, Mul, Div, Pow, Max, Min };
enum class UnaryKind { Abs, Neg, Exp, Log, Sqrt, Reciprocal, Erf, Tanh };
/// `lhs kind rhs` with NumPy broadcasting (Div is lhs * (1 / rhs)).
mlir::FailureOr<mlir::Value> createBinary(NodeImporter &node, BinaryKind kind,
                                          mlir::Value lhs, mlir::Value rhs);
mlir::FailureOr<mlir::Value> createUnary(NodeImporter &node, UnaryKind kind,
                                         mlir::Value input);
/// Fails, recording a problem, when a result of `shape` would have more than
/// 2^31 elements (its dynamic dimensions left out).
mlir::LogicalResult checkElementCount(NodeImporter &node,
                                      llvm::ArrayRef<int64_t> shape);
/// A constant f32 tensor of `rank` unit dimensions holding `value`.
mlir::Value createScalarConstant(NodeImporter &node, int64_t rank, float value);

/// `input * factor`.
mlir::FailureOr<mlir::Value> createScale(NodeImporter &node, mlir::Value input,
                                         float factor);

/// `pad` as a tosa.pad, for a reader that cannot take it into its padding.
mlir::FailureOr<mlir::Value> createPad(NodeImporter &node,
                                       const PendingPad &pad);

/// Whether the node's inputs are int64 shape computations (folded) rather
/// than f32 tensors.
bool isShapeComputation(NodeImporter &node);
/// Add, Sub, Mul or Div of int64 shape computations (scalars or vectors,
/// one of them broadcast), folded.
mlir::LogicalResult foldIntBinary(NodeImporter &node, BinaryKind kind);
/// Concat of shape computations.
mlir::LogicalResult importIntConcat(NodeImporter &node, int64_t axis);

} // namespace nnid::onnx_import

#endif // NNID_LIB_ONNX_LAYERS_H
