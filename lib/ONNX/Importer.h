//===- Importer.h - the ONNX graph importer's internals --------*- C++ -*-===//
//
// GraphImporter walks a GraphProto in order and gives each node to the
// importer of its op type (NodeImporter; one function per op type, in the
// lib/ONNX/Import*.cpp file of its family: layers, shapes, tensor shapes,
// elementwise math, reductions, activations, normalization, ConvTranspose,
// Resize). A node an importer cannot take is recorded as a problem and
// importing goes on, so that one error lists every node nnid cannot take.
//
//===----------------------------------------------------------------------===//

#ifndef NNID_LIB_ONNX_IMPORTER_H
#define NNID_LIB_ONNX_IMPORTER_H

#include "onnx/onnx_pb.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>
#include <vector>

namespace nnid::onnx_import {

class GraphImporter;

/// An int64 tensor of rank 0 or 1 known while importing: the shape
/// computations exporters emit (Shape, Gather, Unsqueeze, Concat), folded.
/// An element may be kBatch, the model's (dynamic) batch size.
struct IntTensor {
  static constexpr int64_t kBatch = mlir::ShapedType::kDynamic;
  llvm::SmallVector<int64_t> values;
  bool scalar = false;
};

/// A zero Pad of the spatial dimensions, folded into the padding of the
/// Conv or AveragePool that reads it.
struct PendingPad {
  mlir::Value input;
  /// [top, left, bottom, right].
  llvm::SmallVector<int64_t, 4> padding;
};

/// What the importer knows of one value of the graph.
struct GraphValue {
  /// A tensor value of the function, when there is one.
  mlir::Value value;
  /// A float initializer, made a constant (or an argument) when first used.
  const onnx::TensorProto *initializer = nullptr;
  std::optional<IntTensor> ints;
  std::optional<PendingPad> pad;
};

/// The node being imported, as its op's importer sees it.
class NodeImporter {
public:
  NodeImporter(GraphImporter &graph, const onnx::NodeProto &node,
               mlir::Location loc)
      : graph(graph), node(node), loc(loc) {}

  const onnx::NodeProto &getNode() const { return node; }
  mlir::Location getLoc() const { return loc; }
  mlir::OpBuilder &getBuilder();
  mlir::MLIRContext *getContext();
  int64_t getOpset() const;

  /// Records why the node cannot be imported; importers return failure()
  /// after writing the reason to the stream.
  llvm::raw_ostream &fail();

  /// Whether input `i` is given (ONNX leaves optional inputs empty).
  bool hasInput(int i) const;
  /// Input `i` as an f32 tensor value (an initializer becomes a constant
  /// or an argument), or failure with a reason.
  mlir::FailureOr<mlir::Value> getInput(int i);
  /// Input `i` as a PendingPad, when it is one.
  const PendingPad *getPendingPad(int i) const;
  /// Input `i` as an int64 tensor known now, or failure with a reason.
  mlir::FailureOr<IntTensor> getInts(int i);
  /// Input `i` as f32 values known now (an initializer or a constant).
  std::optional<std::vector<float>> getConstantFloats(int i);
  /// The type of input `i`, when it is a tensor value or an initializer.
  std::optional<mlir::RankedTensorType> getInputType(int i);

  /// Whether output `i` is read by any node or is a graph output.
  bool isOutputUsed(int i) const;
  /// The node that reads output 0, if exactly one node reads it and it is
  /// not a graph output.
  const onnx::NodeProto *getSoleConsumer() const;

  void setOutput(int i, mlir::Value value);
  /// Output 0 when `value` succeeded; an importer's last step.
  mlir::LogicalResult setResult(mlir::FailureOr<mlir::Value> value) {
    if (mlir::failed(value))
      return mlir::failure();
    setOutput(0, *value);
    return mlir::success();
  }
  void setOutputInts(int i, IntTensor ints);
  void setOutputPad(int i, PendingPad pad);

  /// Attributes, checked for their type; a wrong type records a problem.
  const onnx::AttributeProto *getAttr(llvm::StringRef name) const;
  mlir::FailureOr<int64_t> getInt(llvm::StringRef name, int64_t otherwise);
  mlir::FailureOr<float> getFloat(llvm::StringRef name, float otherwise);
  mlir::FailureOr<std::string> getString(llvm::StringRef name,
                                         llvm::StringRef otherwise);
  mlir::FailureOr<std::optional<llvm::SmallVector<int64_t>>>
  getInts(llvm::StringRef name);
  /// Fails, recording a problem, when the node has an attribute other than
  /// `known`.
  mlir::LogicalResult checkKnownAttrs(llvm::ArrayRef<llvm::StringRef> known);

  /// A constant f32 tensor (a dense resource when it is large).
  mlir::Value createConstant(mlir::RankedTensorType type,
                             llvm::ArrayRef<float> values);

  /// Creates an op whose result type it infers (every nnid op), recording
  /// the op's diagnostics as the node's problem when it does not verify.
  template <typename OpT>
  mlir::FailureOr<mlir::Value>
  create(mlir::ValueRange operands,
         llvm::ArrayRef<mlir::NamedAttribute> attributes = {}) {
    llvm::SmallVector<mlir::Type> types;
    {
      DiagnosticsToProblem capture(*this);
      if (mlir::failed(OpT::inferReturnTypes(
              getContext(), loc, operands,
              getBuilder().getDictionaryAttr(attributes),
              mlir::OpaqueProperties(nullptr), mlir::RegionRange(), types)))
        return mlir::failure();
    }
    auto op = OpT::create(getBuilder(), loc, types, operands, attributes);
    return verifyCreated(op);
  }

  /// Verifies an op just created; on failure erases it and records its
  /// diagnostics.
  mlir::FailureOr<mlir::Value> verifyCreated(mlir::Operation *op);

private:
  /// Routes diagnostics into the node's problem while alive.
  struct DiagnosticsToProblem {
    explicit DiagnosticsToProblem(NodeImporter &node);
    ~DiagnosticsToProblem();
    NodeImporter &node;
    mlir::DiagnosticEngine::HandlerID id;
  };

  GraphImporter &graph;
  const onnx::NodeProto &node;
  mlir::Location loc;
};

/// The importer of one op type.
using NodeImportFn = mlir::LogicalResult (*)(NodeImporter &);

/// The importers, by op type.
void registerLayerImporters(llvm::StringMap<NodeImportFn> &importers);
void registerShapeImporters(llvm::StringMap<NodeImportFn> &importers);
void registerElementwiseImporters(llvm::StringMap<NodeImportFn> &importers);
void registerReductionImporters(llvm::StringMap<NodeImportFn> &importers);
void registerTensorShapeImporters(llvm::StringMap<NodeImportFn> &importers);
void registerActivationImporters(llvm::StringMap<NodeImportFn> &importers);
void registerConvTransposeImporters(llvm::StringMap<NodeImportFn> &importers);
void registerResizeImporters(llvm::StringMap<NodeImportFn> &importers);
void registerNormalizationImporters(llvm::StringMap<NodeImportFn> &importers);

} // namespace nnid::onnx_import

#endif // NNID_LIB_ONNX_IMPORTER_H
