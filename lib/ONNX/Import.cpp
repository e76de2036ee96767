//===- Import.cpp - ONNX models as nnid IR --------------------------------===//

#include "Importer.h"
#include "Tensors.h"

#include "nnid/Dialect/Nnid/NnidDialect.h"
#include "nnid/Interface/EntryPoint.h"
#include "nnid/ONNX/Import.h"
#include "nnid/Support/Error.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <climits>
#include <deque>

using namespace llvm;
using namespace mlir;
using namespace nnid;
using namespace nnid::onnx_import;

namespace nnid::onnx_import {

/// The most int64 values the folded shape computations of a model may hold
/// in all (2^24, 128 MiB).
static constexpr int64_t kMaxFoldedInts = int64_t(1) << 24;

class GraphImporter {
public:
  GraphImporter(MLIRContext &context, const onnx::ModelProto &model,
                int64_t opset, const ONNXImportOptions &options)
      : context(context), builder(&context), model(model), opset(opset),
        options(options) {}

  Expected<OwningOpRef<ModuleOp>> run();

  MLIRContext &context;
  OpBuilder builder;
  const onnx::ModelProto &model;
  int64_t opset;
  const ONNXImportOptions &options;

  Block *body = nullptr;
  StringMap<GraphValue> values;
  /// How many nodes read each value, and the first that does.
  StringMap<int> useCounts;
  StringMap<const onnx::NodeProto *> firstConsumers;
  /// The index of the first node that writes each value.
  StringMap<int> producers;
  /// Each node's strongly connected component, computed when first needed.
  std::vector<int> components;
  llvm::StringSet<> graphOutputs;
  StringMap<const onnx::TensorProto *> initializers;
  /// The graph inputs options.fixedInputs gives, parsed.
  std::deque<onnx::TensorProto> fixedInputs;
  /// Initializers made function arguments, in order.
  SmallVector<std::string> weightArguments;

  /// How many int64 values the shape computations folded so far hold.
  int64_t foldedInts = 0;
  /// Whether the node being imported had an output refused (it fails).
  bool outputRefused = false;
  /// How many int64 values the node being imported has read.
  int64_t nodeInputInts = 0;

  /// The node being imported and what is wrong with it.
  std::string problem;
  raw_string_ostream problemStream{problem};
  std::vector<std::string> problems;

  FailureOr<Value> materialize(StringRef name, GraphValue &value,
                               raw_ostream &why);
  Value createConstant(Location loc, RankedTensorType type,
                       ArrayRef<float> values);

private:
  LogicalResult addInputs(raw_ostream &why);
  void importNode(const onnx::NodeProto &node, int index,
                  const StringMap<NodeImportFn> &importers);
  std::string describe(const onnx::NodeProto &node, int index) const;
  std::string describeUndefined(StringRef input, int index);
};

} // namespace nnid::onnx_import

//===----------------------------------------------------------------------===//
// NodeImporter
//===----------------------------------------------------------------------===//

OpBuilder &NodeImporter::getBuilder() { return graph.builder; }
MLIRContext *NodeImporter::getContext() { return &graph.context; }
int64_t NodeImporter::getOpset() const { return graph.opset; }

raw_ostream &NodeImporter::fail() {
  if (!graph.problem.empty())
    graph.problemStream << "; ";
  return graph.problemStream;
}

bool NodeImporter::hasInput(int i) const {
  return i < node.input_size() && !node.input(i).empty();
}

FailureOr<Value> NodeImporter::getInput(int i) {
  if (!hasInput(i)) {
    fail() << "input " << i << " is missing";
    return failure();
  }
  auto it = graph.values.find(node.input(i));
  std::string reason;
  raw_string_ostream why(reason);
  FailureOr<Value> value = graph.materialize(node.input(i), it->second, why);
  if (failed(value))
    fail() << "input " << i << " ('" << node.input(i) << "') " << reason;
  return value;
}

const PendingPad *NodeImporter::getPendingPad(int i) const {
  if (!hasInput(i))
    return nullptr;
  auto it = graph.values.find(node.input(i));
  return it != graph.values.end() && it->second.pad ? &*it->second.pad
                                                    : nullptr;
}

FailureOr<IntTensor> NodeImporter::getInts(int i) {
  if (!hasInput(i)) {
    fail() << "input " << i << " is missing";
    return failure();
  }
  GraphValue &value = graph.values.find(node.input(i))->second;
  if (!value.ints && value.initializer) {
    Expected<std::vector<int64_t>> ints = readInts(*value.initializer);
    if (!ints) {
      fail() << "input " << i << " ('" << node.input(i)
             << "'): " << toString(ints.takeError());
      return failure();
    }
    if (value.initializer->dims_size() > 1) {
      fail() << "input " << i << " ('" << node.input(i) << "') has rank "
             << value.initializer->dims_size()
             << "; nnid folds int64 tensors of rank 0 or 1 only";
      return failure();
    }
    IntTensor tensor;
    tensor.values.assign(ints->begin(), ints->end());
    tensor.scalar = value.initializer->dims_size() == 0;
    value.ints = tensor;
  }
  if (!value.ints) {
    fail() << "input " << i << " ('" << node.input(i)
           << "') must be an int64 tensor known when the model is compiled "
              "(a constant, an initializer or a shape computation)";
    return failure();
  }
  // What a node computes from its int64 inputs is about as large as they
  // are: a Concat of one vector 100,000 times must not allocate that much.
  int64_t size = value.ints->values.size();
  if (size > kMaxFoldedInts - graph.nodeInputInts) {
    fail() << "input " << i << " ('" << node.input(i)
           << "'): the node's int64 inputs hold more than 2^24 values in all "
              "(shape computations hold a few values each)";
    return failure();
  }
  graph.nodeInputInts += size;
  return *value.ints;
}

std::optional<std::vector<float>> NodeImporter::getConstantFloats(int i) {
  if (!hasInput(i))
    return std::nullopt;
  GraphValue &value = graph.values.find(node.input(i))->second;
  if (value.initializer) {
    if (graph.options.weightsAsArguments)
      return std::nullopt;
    Expected<std::vector<float>> floats = readFloats(*value.initializer);
    if (!floats) {
      consumeError(floats.takeError());
      return std::nullopt;
    }
    return std::move(*floats);
  }
  if (!value.value)
    return std::nullopt;
  Attribute attr;
  if (!matchPattern(value.value, m_Constant(&attr)))
    return std::nullopt;
  if (auto dense = dyn_cast<DenseFPElementsAttr>(attr)) {
    auto range = dense.getValues<float>();
    return std::vector<float>(range.begin(), range.end());
  }
  if (auto resource = dyn_cast<DenseF32ResourceElementsAttr>(attr))
    if (std::optional<ArrayRef<float>> data = resource.tryGetAsArrayRef())
      return std::vector<float>(data->begin(), data->end());
  return std::nullopt;
}

std::optional<RankedTensorType> NodeImporter::getInputType(int i) {
  if (!hasInput(i))
    return std::nullopt;
  GraphValue &value = graph.values.find(node.input(i))->second;
  if (value.value)
    return dyn_cast<RankedTensorType>(value.value.getType());
  if (value.initializer &&
      value.initializer->data_type() == onnx::TensorProto::FLOAT) {
    Expected<SmallVector<int64_t>> dims = getCheckedDims(*value.initializer);
    if (!dims) {
      consumeError(dims.takeError());
      return std::nullopt;
    }
    return RankedTensorType::get(*dims, Float32Type::get(getContext()));
  }
  return std::nullopt;
}

bool NodeImporter::isOutputUsed(int i) const {
  if (i >= node.output_size() || node.output(i).empty())
    return false;
  return graph.useCounts.lookup(node.output(i)) ||
         graph.graphOutputs.contains(node.output(i));
}

const onnx::NodeProto *NodeImporter::getSoleConsumer() const {
  if (node.output_size() < 1 || graph.graphOutputs.contains(node.output(0)) ||
      graph.useCounts.lookup(node.output(0)) != 1)
    return nullptr;
  return graph.firstConsumers.lookup(node.output(0));
}

void NodeImporter::setOutput(int i, Value value) {
  if (i < node.output_size() && !node.output(i).empty())
    graph.values[node.output(i)].value = value;
}

void NodeImporter::setOutputInts(int i, IntTensor ints) {
  if (i >= node.output_size() || node.output(i).empty())
    return;
  // Shape computations hold a few values each; a chain of Concats that
  // doubles a vector at each step must not allocate 2^depth of them.
  int64_t size = ints.values.size();
  if (size > kMaxFoldedInts - graph.foldedInts) {
    fail() << "output '" << node.output(i) << "' holds " << size
           << " int64 values, which would take the shape computations nnid "
              "folds past 2^24 values in all (they hold a few values each)";
    graph.outputRefused = true;
    return;
  }
  graph.foldedInts += size;
  graph.values[node.output(i)].ints = std::move(ints);
}

void NodeImporter::setOutputPad(int i, PendingPad pad) {
  if (i < node.output_size() && !node.output(i).empty())
    graph.values[node.output(i)].pad = std::move(pad);
}

const onnx::AttributeProto *NodeImporter::getAttr(StringRef name) const {
  for (const onnx::AttributeProto &attr : node.attribute())
    if (attr.name() == name)
      return &attr;
  return nullptr;
}

static const char *getAttrTypeName(onnx::AttributeProto::AttributeType type) {
  return onnx::AttributeProto::AttributeType_Name(type).c_str();
}

/// Whether `attr` has `type`; ONNX files from old exporters leave the type
/// unset, and then the field that is present decides.
static bool hasType(const onnx::AttributeProto &attr,
                    onnx::AttributeProto::AttributeType type) {
  if (attr.type() != onnx::AttributeProto::UNDEFINED)
    return attr.type() == type;
  switch (type) {
  case onnx::AttributeProto::INT:
    return attr.has_i();
  case onnx::AttributeProto::FLOAT:
    return attr.has_f();
  case onnx::AttributeProto::STRING:
    return attr.has_s();
  case onnx::AttributeProto::INTS:
    return attr.ints_size() || !attr.floats_size();
  case onnx::AttributeProto::TENSOR:
    return attr.has_t();
  default:
    return false;
  }
}

FailureOr<int64_t> NodeImporter::getInt(StringRef name, int64_t otherwise) {
  const onnx::AttributeProto *attr = getAttr(name);
  if (!attr)
    return otherwise;
  if (!hasType(*attr, onnx::AttributeProto::INT)) {
    fail() << "attribute '" << name << "' is " << getAttrTypeName(attr->type())
           << ", not INT";
    return failure();
  }
  return attr->i();
}

FailureOr<float> NodeImporter::getFloat(StringRef name, float otherwise) {
  const onnx::AttributeProto *attr = getAttr(name);
  if (!attr)
    return otherwise;
  if (!hasType(*attr, onnx::AttributeProto::FLOAT)) {
    fail() << "attribute '" << name << "' is " << getAttrTypeName(attr->type())
           << ", not FLOAT";
    return failure();
  }
  return attr->f();
}

FailureOr<std::string> NodeImporter::getString(StringRef name,
                                               StringRef otherwise) {
  const onnx::AttributeProto *attr = getAttr(name);
  if (!attr)
    return otherwise.str();
  if (!hasType(*attr, onnx::AttributeProto::STRING)) {
    fail() << "attribute '" << name << "' is " << getAttrTypeName(attr->type())
           << ", not STRING";
    return failure();
  }
  return attr->s();
}

FailureOr<std::optional<SmallVector<int64_t>>>
NodeImporter::getInts(StringRef name) {
  const onnx::AttributeProto *attr = getAttr(name);
  if (!attr)
    return std::optional<SmallVector<int64_t>>();
  if (!hasType(*attr, onnx::AttributeProto::INTS)) {
    fail() << "attribute '" << name << "' is " << getAttrTypeName(attr->type())
           << ", not INTS";
    return failure();
  }
  return std::optional<SmallVector<int64_t>>(
      SmallVector<int64_t>(attr->ints().begin(), attr->ints().end()));
}

LogicalResult NodeImporter::checkKnownAttrs(ArrayRef<StringRef> known) {
  bool ok = true;
  for (const onnx::AttributeProto &attr : node.attribute()) {
    if (llvm::is_contained(known, attr.name()))
      continue;
    fail() << "attribute '" << attr.name() << "' is not one nnid knows for "
           << node.op_type();
    ok = false;
  }
  return success(ok);
}

Value NodeImporter::createConstant(RankedTensorType type,
                                   ArrayRef<float> values) {
  return graph.createConstant(loc, type, values);
}

NodeImporter::DiagnosticsToProblem::DiagnosticsToProblem(NodeImporter &node)
    : node(node) {
  id = node.getContext()->getDiagEngine().registerHandler(
      [this](Diagnostic &diag) {
        if (diag.getSeverity() != DiagnosticSeverity::Error)
          return success();
        this->node.fail() << diag.str();
        return success();
      });
}

NodeImporter::DiagnosticsToProblem::~DiagnosticsToProblem() {
  node.getContext()->getDiagEngine().eraseHandler(id);
}

FailureOr<Value> NodeImporter::verifyCreated(Operation *op) {
  {
    DiagnosticsToProblem capture(*this);
    if (succeeded(mlir::verify(op, /*verifyRecursively=*/false)))
      return op->getResult(0);
  }
  op->erase();
  return failure();
}

//===----------------------------------------------------------------------===//
// GraphImporter
//===----------------------------------------------------------------------===//

Value GraphImporter::createConstant(Location loc, RankedTensorType type,
                                    ArrayRef<float> data) {
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(body);
  Attribute attr;
  if (int64_t(data.size()) >= options.resourceThreshold && !data.empty()) {
    std::string name = "onnx_constant";
    if (auto named = dyn_cast<NameLoc>(loc))
      name = named.getName().str();
    attr = DenseF32ResourceElementsAttr::get(
        type, name, HeapAsmResourceBlob::allocateAndCopyInferAlign(data));
  } else {
    attr = DenseElementsAttr::get(type, data);
  }
  return arith::ConstantOp::create(builder, loc, cast<TypedAttr>(attr));
}

FailureOr<Value> GraphImporter::materialize(StringRef name, GraphValue &value,
                                            raw_ostream &why) {
  if (value.value)
    return value.value;
  if (value.pad) {
    why << "is a Pad that nnid folds into a Conv or AveragePool only";
    return failure();
  }
  if (value.ints) {
    why << "is an int64 shape computation, not an f32 tensor";
    return failure();
  }
  if (!value.initializer) {
    why << "has no value";
    return failure();
  }
  const onnx::TensorProto &tensor = *value.initializer;
  Location loc = NameLoc::get(builder.getStringAttr(name));
  if (tensor.data_type() != onnx::TensorProto::FLOAT) {
    why << "is an initializer of element type "
        << getElementTypeName(tensor.data_type()) << "; nnid computes in f32";
    return failure();
  }
  Expected<std::vector<float>> floats = readFloats(tensor);
  if (!floats) {
    why << "is an initializer that is not valid: "
        << toString(floats.takeError());
    return failure();
  }
  SmallVector<int64_t> dims(tensor.dims().begin(), tensor.dims().end());
  auto type = RankedTensorType::get(dims, builder.getF32Type());
  if (options.weightsAsArguments) {
    value.value = body->addArgument(type, loc);
    weightArguments.push_back(name.str());
  } else {
    value.value = createConstant(loc, type, *floats);
  }
  return value.value;
}

/// The node's name, or where it has none, its first output's or its op type
/// and index.
static std::string getNodeName(const onnx::NodeProto &node, int index) {
  if (!node.name().empty())
    return node.name();
  if (node.output_size() && !node.output(0).empty())
    return node.output(0);
  return formatv("{0}_{1}", node.op_type(), index).str();
}

std::string GraphImporter::describe(const onnx::NodeProto &node,
                                    int index) const {
  return formatv("{0} '{1}' (opset {2})",
                 node.op_type().empty() ? "node" : node.op_type(),
                 getNodeName(node, index), opset)
      .str();
}

/// The f32 tensor type of a graph input, or a reason it has none.
static FailureOr<RankedTensorType>
getInputType(Builder &builder, const onnx::ValueInfoProto &input,
             std::optional<int64_t> batch, raw_ostream &why) {
  if (!input.type().has_tensor_type()) {
    why << "is not a tensor";
    return failure();
  }
  const onnx::TypeProto_Tensor &tensor = input.type().tensor_type();
  if (tensor.elem_type() != onnx::TensorProto::FLOAT) {
    why << "has element type " << getElementTypeName(tensor.elem_type())
        << "; nnid takes FLOAT inputs";
    return failure();
  }
  if (!tensor.has_shape()) {
    why << "has no shape; nnid needs the rank and every dimension but the "
           "batch";
    return failure();
  }
  // (Any rank is valid ONNX; this bounds what an absurd one costs.)
  if (tensor.shape().dim_size() > 64) {
    why << "has rank " << tensor.shape().dim_size()
        << "; nnid takes inputs of rank 64 at most";
    return failure();
  }
  SmallVector<int64_t> shape;
  for (auto [i, dim] : llvm::enumerate(tensor.shape().dim())) {
    bool fixed = dim.has_dim_value();
    if (i == 0 && batch) {
      shape.push_back(*batch);
      continue;
    }
    if (fixed && dim.dim_value() > 0 && dim.dim_value() <= kMaxElements) {
      shape.push_back(dim.dim_value());
      continue;
    }
    if (fixed) {
      why << "has dimension " << i << " of size " << dim.dim_value()
          << "; sizes must be in [1, 2^31]";
      return failure();
    }
    if (i == 0) {
      shape.push_back(ShapedType::kDynamic);
      continue;
    }
    why << "has a symbolic dimension " << i;
    if (dim.has_dim_param())
      why << " ('" << dim.dim_param() << "')";
    why << "; only the batch (first) dimension may be dynamic";
    return failure();
  }
  // Each dimension is within bounds; their product must be too.
  int64_t count = 1;
  for (int64_t size : shape) {
    if (ShapedType::isDynamic(size))
      continue;
    if (MulOverflow(count, size, count) || count > kMaxElements) {
      why << "has shape ";
      llvm::interleave(
          shape, why,
          [&](int64_t d) {
            if (ShapedType::isDynamic(d))
              why << "?";
            else
              why << d;
          },
          "x");
      why << ", more than 2^31 elements";
      return failure();
    }
  }
  return RankedTensorType::get(shape, builder.getF32Type());
}

LogicalResult GraphImporter::addInputs(raw_ostream &why) {
  const onnx::GraphProto &graph = model.graph();
  for (const onnx::TensorProto &tensor : graph.initializer()) {
    if (!initializers.try_emplace(tensor.name(), &tensor).second) {
      why << "initializer '" << tensor.name() << "' is defined twice";
      return failure();
    }
    values[tensor.name()].initializer = &tensor;
  }
  StringMap<const onnx::TensorProto *> fixed;
  for (const std::string &bytes : options.fixedInputs) {
    onnx::TensorProto &tensor = fixedInputs.emplace_back();
    if (bytes.size() > size_t(INT_MAX) ||
        !tensor.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      why << "a fixed input is not a valid TensorProto";
      return failure();
    }
    bool isInput = llvm::any_of(graph.input(), [&](const auto &input) {
      return input.name() == tensor.name();
    });
    if (!isInput || initializers.contains(tensor.name())) {
      why << "fixed input '" << tensor.name()
          << "' is not an input of the graph";
      return failure();
    }
    if (!fixed.try_emplace(tensor.name(), &tensor).second) {
      why << "input '" << tensor.name() << "' is fixed twice";
      return failure();
    }
  }
  std::optional<int64_t> batch = options.batch;
  for (const onnx::ValueInfoProto &input : graph.input()) {
    // IR versions before 4 list initializers among the inputs too.
    if (initializers.contains(input.name()))
      continue;
    // A fixed input is a constant, as an initializer is.
    if (const onnx::TensorProto *tensor = fixed.lookup(input.name())) {
      values[input.name()].initializer = tensor;
      continue;
    }
    if (input.name().empty()) {
      why << "a graph input has no name";
      return failure();
    }
    std::string reason;
    raw_string_ostream os(reason);
    FailureOr<RankedTensorType> type = getInputType(builder, input, batch, os);
    if (failed(type)) {
      why << "input '" << input.name() << "' " << reason;
      return failure();
    }
    if (values.count(input.name()) && values[input.name()].value) {
      why << "input '" << input.name() << "' is defined twice";
      return failure();
    }
    values[input.name()].value = body->addArgument(
        *type, NameLoc::get(builder.getStringAttr(input.name())));
  }
  return success();
}

/// The strongly connected components of the graph's nodes (an edge from each
/// node to the nodes that write its inputs), numbered: two nodes are on a
/// cycle when they share a number. Tarjan's algorithm, iterative (a graph
/// may be deep), linear in the size of the graph.
static std::vector<int> getComponents(const onnx::GraphProto &graph,
                                      const StringMap<int> &producers) {
  int size = graph.node_size();
  std::vector<int> order(size, -1), low(size, 0), component(size, -1);
  std::vector<int> stack;
  std::vector<bool> onStack(size, false);
  // The nodes being visited, each with the next input to follow.
  std::vector<std::pair<int, int>> work;
  int counter = 0, components = 0;
  auto visit = [&](int node) {
    order[node] = low[node] = counter++;
    stack.push_back(node);
    onStack[node] = true;
    work.push_back({node, 0});
  };
  for (int root = 0; root < size; ++root) {
    if (order[root] != -1)
      continue;
    visit(root);
    while (!work.empty()) {
      auto [node, next] = work.back();
      const auto &inputs = graph.node(node).input();
      if (next < inputs.size()) {
        ++work.back().second;
        auto producer = producers.find(inputs[next]);
        if (producer == producers.end())
          continue;
        int other = producer->second;
        if (order[other] == -1)
          visit(other);
        else if (onStack[other])
          low[node] = std::min(low[node], order[other]);
        continue;
      }
      work.pop_back();
      if (!work.empty())
        low[work.back().first] = std::min(low[work.back().first], low[node]);
      if (low[node] != order[node])
        continue;
      int member;
      do {
        member = stack.back();
        stack.pop_back();
        onStack[member] = false;
        component[member] = components;
      } while (member != node);
      ++components;
    }
  }
  return component;
}

/// Why `input`, read by node `index`, is not defined yet: no node writes it,
/// a later node does (the nodes are not sorted), or a later node that
/// depends on node `index` does (a cycle).
std::string GraphImporter::describeUndefined(StringRef input, int index) {
  auto producer = producers.find(input);
  if (producer != producers.end() && producer->second == index)
    return ("input '" + input +
            "' is this node's own output: the graph has a cycle")
        .str();
  if (producer == producers.end() || producer->second < index)
    return ("input '" + input +
            "' is not defined by a graph input, an initializer or any node")
        .str();
  const onnx::GraphProto &graph = model.graph();
  if (components.empty())
    components = getComponents(graph, producers);
  std::string text = ("input '" + input + "' is the output of " +
                      describe(graph.node(producer->second), producer->second))
                         .str();
  if (components[producer->second] == components[index])
    return text +
           ", which depends on this node's output: the graph has a cycle";
  return text + ", which comes later in the graph (ONNX graphs must be "
                "sorted topologically)";
}

void GraphImporter::importNode(const onnx::NodeProto &node, int index,
                               const StringMap<NodeImportFn> &importers) {
  problem.clear();
  auto report = [&](const Twine &why) {
    problems.push_back(describe(node, index) + ": " + why.str());
  };
  // Outputs of a node that failed are unknown; nodes that read them are
  // skipped (their own problems would only repeat the first).
  auto poison = [&] {
    for (const std::string &output : node.output())
      if (!output.empty())
        values[output] = GraphValue();
  };
  bool readsFailedNode = false;
  for (const std::string &input : node.input()) {
    if (input.empty())
      continue;
    auto it = values.find(input);
    if (it == values.end()) {
      report(describeUndefined(input, index));
      return poison();
    }
    const GraphValue &value = it->second;
    if (!value.value && !value.initializer && !value.ints && !value.pad)
      readsFailedNode = true;
  }
  for (const std::string &output : node.output()) {
    if (output.empty())
      continue;
    if (values.count(output)) {
      report("output '" + output + "' is already defined");
      return poison();
    }
  }
  // Whether nnid maps the op does not depend on its inputs: said even for
  // nodes that read a node that failed, so that the error lists every op
  // nnid lacks.
  if (!node.domain().empty() && node.domain() != "ai.onnx") {
    report("its domain '" + node.domain() + "' is not the ONNX domain");
    return poison();
  }
  auto importer = importers.find(node.op_type());
  if (importer == importers.end()) {
    report(node.op_type().empty()
               ? std::string("it has no op type")
               : "nnid has no mapping for " + node.op_type());
    return poison();
  }
  if (readsFailedNode)
    return poison();
  NodeImporter nodeImporter(
      *this, node,
      NameLoc::get(builder.getStringAttr(getNodeName(node, index))));
  outputRefused = false;
  nodeInputInts = 0;
  if (failed(importer->second(nodeImporter)) || outputRefused) {
    report(problem.empty() ? "it cannot be imported" : problem);
    return poison();
  }
  for (const std::string &output : node.output())
    if (!output.empty() && !values.count(output))
      values[output] = GraphValue();
}

Expected<OwningOpRef<ModuleOp>> GraphImporter::run() {
  const onnx::GraphProto &graph = model.graph();
  Location loc = NameLoc::get(builder.getStringAttr(
      graph.name().empty() ? std::string("onnx") : graph.name()));
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  builder.setInsertionPointToEnd(module->getBody());
  auto func = func::FuncOp::create(builder, loc, options.entry,
                                   builder.getFunctionType({}, {}));
  body = func.addEntryBlock();
  builder.setInsertionPointToEnd(body);

  std::string reason;
  raw_string_ostream why(reason);
  if (failed(addInputs(why)))
    return makeError("the model is not valid: " + reason);

  for (auto [index, node] : llvm::enumerate(graph.node())) {
    for (const std::string &input : node.input()) {
      if (input.empty())
        continue;
      if (++useCounts[input] == 1)
        firstConsumers[input] = &node;
    }
    for (const std::string &output : node.output())
      if (!output.empty())
        producers.try_emplace(output, index);
  }
  // Problems of the graph rather than of one node.
  std::vector<std::string> graphProblems;
  if (graph.output_size() == 0)
    graphProblems.push_back("the graph has no outputs");
  for (const onnx::ValueInfoProto &output : graph.output())
    if (!graphOutputs.insert(output.name()).second)
      graphProblems.push_back("graph output '" + output.name() +
                              "' is listed twice");

  StringMap<NodeImportFn> importers;
  registerLayerImporters(importers);
  registerShapeImporters(importers);
  registerTensorShapeImporters(importers);
  registerElementwiseImporters(importers);
  registerReductionImporters(importers);
  registerActivationImporters(importers);
  registerConvTransposeImporters(importers);
  registerResizeImporters(importers);
  registerNormalizationImporters(importers);
  for (auto [index, node] : llvm::enumerate(graph.node()))
    importNode(node, index, importers);

  SmallVector<Value> results;
  SmallVector<std::string> resultNames;
  for (const onnx::ValueInfoProto &output : graph.output()) {
    auto it = values.find(output.name());
    if (it == values.end()) {
      graphProblems.push_back("graph output '" + output.name() +
                              "' is not defined by a graph input, an "
                              "initializer or any node");
      continue;
    }
    std::string reason;
    raw_string_ostream os(reason);
    FailureOr<Value> value = materialize(output.name(), it->second, os);
    if (failed(value)) {
      // An output of a node that failed has been reported already.
      if (it->second.initializer || it->second.ints || it->second.pad)
        graphProblems.push_back("graph output '" + output.name() + "' " +
                                reason);
      continue;
    }
    results.push_back(*value);
    resultNames.push_back(output.name());
  }

  if (!problems.empty() || !graphProblems.empty()) {
    std::string message;
    raw_string_ostream os(message);
    auto count = [&](size_t n, StringRef what) {
      os << n << " " << what << (n == 1 ? "" : "s");
    };
    if (problems.empty() && graphProblems.size() == 1)
      return makeError("the model is not valid: " + graphProblems.front());
    if (problems.empty()) {
      os << "the model is not valid:";
    } else {
      os << "the model has ";
      count(problems.size(), "node");
      os << " nnid cannot import";
      if (!graphProblems.empty()) {
        os << " and ";
        count(graphProblems.size(), "other problem");
      }
      os << ":";
    }
    for (const std::string &problem : problems)
      os << "\n  " << problem;
    for (const std::string &problem : graphProblems)
      os << "\n  " << problem;
    return makeError(message);
  }

  builder.setInsertionPointToEnd(body);
  func::ReturnOp::create(builder, loc, results);
  func.setType(builder.getFunctionType(body->getArgumentTypes(),
                                       ValueRange(results).getTypes()));
  int numInputs = body->getNumArguments() - weightArguments.size();
  for (BlockArgument argument : body->getArguments()) {
    std::string name;
    if (int(argument.getArgNumber()) < numInputs)
      name = cast<NameLoc>(argument.getLoc()).getName().str();
    else
      name = weightArguments[argument.getArgNumber() - numInputs];
    func.setArgAttr(argument.getArgNumber(), kTensorNameAttrName,
                    builder.getStringAttr(name));
  }
  for (auto [i, name] : llvm::enumerate(resultNames))
    func.setResultAttr(i, kTensorNameAttrName, builder.getStringAttr(name));

  std::string diagnostics;
  {
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
      diagnostics += "\n  " + diag.str();
      return success();
    });
    if (failed(mlir::verify(*module)))
      return makeError("the imported module is not valid:" + diagnostics);
  }
  return module;
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

static void loadDialects(MLIRContext &context) {
  context.loadDialect<NnidDialect, arith::ArithDialect, func::FuncDialect,
                      tensor::TensorDialect, tosa::TosaDialect>();
}

Expected<OwningOpRef<ModuleOp>>
nnid::importONNX(StringRef bytes, MLIRContext &context,
                 const ONNXImportOptions &options) {
  loadDialects(context);
  if (bytes.size() > size_t(INT_MAX))
    return makeError("an ONNX model larger than 2 GiB cannot be read "
                     "(protobuf's limit)");
  onnx::ModelProto model;
  if (!model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return makeError("not a valid ONNX model: the protobuf message is "
                     "truncated, corrupt or nested more than 100 deep");
  if (!model.has_graph())
    return makeError("not a valid ONNX model: it has no graph");
  if (options.batch && *options.batch != ShapedType::kDynamic &&
      (*options.batch < 1 || *options.batch > kMaxElements))
    return makeError(formatv("batch {0} is not in [1, 2^31]", *options.batch));
  if (options.entry.empty() || !isCIdentifier(options.entry))
    return makeError("entry name '" + options.entry +
                     "' is not a C identifier");
  std::optional<int64_t> opset;
  for (const onnx::OperatorSetIdProto &id : model.opset_import())
    if (id.domain().empty() || id.domain() == "ai.onnx")
      opset = id.version();
  if (!opset)
    return makeError("the model imports no opset of the ONNX domain");
  if (*opset < 1 || *opset > 17)
    return makeError(formatv("the model uses opset {0}; nnid imports opsets "
                             "1 to 17",
                             *opset));
  GraphImporter importer(context, model, *opset, options);
  return importer.run();
}

Expected<OwningOpRef<ModuleOp>>
nnid::importONNXFile(StringRef path, MLIRContext &context,
                     const ONNXImportOptions &options) {
  ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false);
  if (!file)
    return makeError("cannot read " + path + ": " + file.getError().message());
  Expected<OwningOpRef<ModuleOp>> module =
      importONNX((*file)->getBuffer(), context, options);
  if (!module)
    return makeError(path + ": " + toString(module.takeError()));
  return module;
}

Expected<std::optional<int64_t>> nnid::parseBatch(StringRef value,
                                                  StringRef flag) {
  if (value.empty())
    return std::optional<int64_t>();
  if (value == "dynamic")
    return std::optional<int64_t>(ShapedType::kDynamic);
  int64_t batch;
  if (value.getAsInteger(10, batch) || batch < 1)
    return makeError(flag + " is '" + value +
                     "' (expected a positive number or dynamic)");
  return std::optional<int64_t>(batch);
}

bool nnid::isONNXFile(StringRef path) {
  return llvm::sys::path::extension(path).equals_insensitive(".onnx");
}
