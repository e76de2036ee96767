# lit configuration of nnid's FileCheck tests.
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "nnid"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.nnid_obj_root, "test")
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py"]

# Captured variables are local to a CHECK-LABEL block.
config.environment["FILECHECK_OPTS"] = "-enable-var-scope"

llvm_config.with_system_environment(["HOME", "TMP", "TEMP"])
llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

tool_dirs = [config.nnid_tools_dir, config.llvm_tools_dir]
tools = ["nnid-opt", "nnid-weights", "nnid-bench", "nnid-run", "nnid-import-onnx", "mlir-opt", "mlir-runner", "mlir-translate"]
# Ahead-of-time compilation and the example programs (examples/).
tools += ["nnid-compile", "nnid-example-jit", "nnid-example-generator"]
tools += [
    "nnid-example-%s-aot" % m
    for m in ["seed", "resnet18", "dbb", "mlp", "squeezenet1_1", "googlenet",
              "mobilenet_v2", "mobilenet_v3_small"]
]
llvm_config.add_tool_substitutions(tools, tool_dirs)

config.substitutions.append(("%nnid_src_root", config.nnid_src_root))
config.substitutions.append(("%nnid_obj_root", config.nnid_obj_root))
# The weights, inputs and PyTorch outputs of the example models.
config.substitutions.append(
    ("%nnid_example_data", os.path.join(config.nnid_obj_root, "examples", "data"))
)
config.substitutions.append(("%llvm_lib_dir", config.llvm_lib_dir))
config.substitutions.append(
    (
        "%mlir_runner_libs",
        ",".join(
            os.path.join(config.llvm_lib_dir, lib)
            for lib in ["libmlir_c_runner_utils.so", "libmlir_runner_utils.so"]
        ),
    )
)
config.substitutions.append(("%python", config.python_executable))
# The ONNX backend tests (Debian's libonnx-testdata).
config.substitutions.append(
    ("%onnx_node", "/usr/share/libonnx-testdata/data/node")
)
config.substitutions.append(("%onnx_data", "/usr/share/libonnx-testdata/data"))
config.substitutions.append(
    ("%libomp", os.path.join(config.llvm_lib_dir, "libomp.so"))
)

# A C compiler and CMake, for programs that link objects nnid-compile
# writes and for the CMake package test (test/Package).
import lit.util

for name in ["cc", "cmake", "ninja"]:
    path = lit.util.which(name, config.environment["PATH"])
    if path:
        config.available_features.add(name)
        config.substitutions.append(("%" + name, path))

# The C++ compiler, for the DSL tests (%cxxflags first: %cxx is its prefix).
config.substitutions.append(("%cxxflags", config.nnid_cxx_flags))
config.substitutions.append(("%cxx", config.nnid_cxx))

# CUDA: nnid finds the toolkit through these, and so should the tests. The
# `ptxas` feature and %ptxas when the toolkit's ptxas is in $CUDA_HOME/bin,
# on PATH or in /usr/local/cuda/bin.
import lit.util

llvm_config.with_system_environment(["CUDA_HOME", "CUDA_ROOT", "CUDA_PATH"])
ptxas = lit.util.which("ptxas", os.pathsep.join([
    os.path.join(os.environ.get("CUDA_HOME", "/usr/local/cuda"), "bin"),
    config.environment["PATH"], "/usr/local/cuda/bin"]))
if ptxas:
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", ptxas))

# ThreadSanitizer: clang-22 with its runtime (libclang-rt-22-dev) and opt,
# for the tests that instrument the code nnid emits (%opt marks every
# function sanitize_thread, %clang_tsan compiles and links it).
import subprocess
import tempfile

clang = lit.util.which("clang-22", config.environment["PATH"])
opt = os.path.join(config.llvm_tools_dir, "opt")
if clang and os.path.exists(opt) and "sanitizer" not in config.available_features:
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "t.c")
        with open(source, "w") as f:
            f.write("int main(void) { return 0; }\n")
        probe = subprocess.run(
            [clang, "-fsanitize=thread", source, "-o", os.path.join(tmp, "t")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if probe.returncode == 0:
        config.available_features.add("tsan")
        config.substitutions.append(("%clang_tsan", clang + " -fsanitize=thread"))
        config.substitutions.append(("%opt", opt))
