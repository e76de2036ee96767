# nnid_add_model: compile an nnid model ahead of time while a target builds,
# and link it into that target.
#
#   nnid_add_model(<target> NAME <name>
#                  MODEL_SOURCE <generator.cpp> WEIGHTS <file.safetensors>
#                  [INCLUDE_DIRECTORIES <dir>...]
#                  [CPU <cpu>] [PARALLEL] [LAYOUT <nhwc|nchw>]
#                  [KERNELS <ON|OFF>] [REPARAMETERIZE <ON|OFF>]
#                  [VECTOR_WIDTH <n>] [REGISTERS <n>]
#                  [OUTPUT_DIRECTORY <dir>] [PROGRESS])
#
# builds a model generator from <generator.cpp> (a source that includes the
# model's DSL header and nnid/API/Generator.h and says
# NNID_DEFINE_MODEL_GENERATOR(Model, "<name>")), runs it on the weights,
# and adds the object <name>.o to <target>, whose sources can then
# `#include "<name>.h"`: int <name>_forward(const float *input, float
# *output). Instead of MODEL_SOURCE,
#   GENERATOR <executable target> [MODEL <model>]
# runs a generator built elsewhere (one of several models: --model), and
#   MLIR <file.mlir> [ENTRY <function>]
# compiles nnid IR with nnid-compile (no WEIGHTS: they are in the IR), and
#   ONNX <model.onnx> [ENTRY <function>] [BATCH <n|dynamic>]
# an ONNX model (its initializers are the weights); ENTRY names the
# function (default forward), BATCH sets the inputs' batch dimension
# (default: the model's; a symbolic one stays dynamic).
#
# CPU is native (the default: the building machine's CPU), generic (any
# x86-64) or an LLVM CPU name. PARALLEL compiles OpenMP code and links
# libomp into <target>. LAYOUT, KERNELS, REPARAMETERIZE, VECTOR_WIDTH and
# REGISTERS are the CPU pipeline's options of the same names
# (docs/cpu-codegen.md). The object and the header go to OUTPUT_DIRECTORY
# (default: ${CMAKE_CURRENT_BINARY_DIR}/nnid).
#
# PROGRESS, or NNID_PROGRESS set true (cmake -DNNID_PROGRESS=ON), has the
# compiler print each stage on the terminal as it starts (--progress); the
# command then runs in Ninja's console pool, so that the lines appear as
# they come.

function(nnid_add_model target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "PARALLEL;PROGRESS"
    "NAME;MODEL_SOURCE;GENERATOR;MODEL;WEIGHTS;MLIR;ONNX;ENTRY;BATCH;CPU;OUTPUT_DIRECTORY;LAYOUT;KERNELS;REPARAMETERIZE;VECTOR_WIDTH;REGISTERS"
    "INCLUDE_DIRECTORIES")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR
      "nnid_add_model: unknown arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "nnid_add_model: no target '${target}'")
  endif()
  if(NOT ARG_NAME MATCHES "^[A-Za-z_][A-Za-z0-9_]*$")
    message(FATAL_ERROR
      "nnid_add_model: NAME '${ARG_NAME}' must be a C identifier")
  endif()
  set(sources 0)
  foreach(kind MODEL_SOURCE GENERATOR MLIR ONNX)
    if(ARG_${kind})
      math(EXPR sources "${sources} + 1")
    endif()
  endforeach()
  if(NOT sources EQUAL 1)
    message(FATAL_ERROR "nnid_add_model(${target} ${ARG_NAME}): give one of "
                        "MODEL_SOURCE, GENERATOR, MLIR or ONNX")
  endif()
  if(ARG_MLIR OR ARG_ONNX)
    if(ARG_WEIGHTS)
      message(FATAL_ERROR "nnid_add_model(${target} ${ARG_NAME}): no WEIGHTS "
                          "with MLIR or ONNX: the weights are in the file")
    endif()
  elseif(NOT ARG_WEIGHTS)
    message(FATAL_ERROR
      "nnid_add_model(${target} ${ARG_NAME}): WEIGHTS is required")
  endif()
  if(ARG_ONNX AND NOT ARG_ONNX MATCHES "\\.onnx$")
    # nnid-compile tells ONNX models from nnid IR by the extension.
    message(FATAL_ERROR "nnid_add_model(${target} ${ARG_NAME}): the ONNX "
                        "model '${ARG_ONNX}' must be a .onnx file")
  endif()
  if(DEFINED ARG_BATCH)
    if(NOT ARG_ONNX)
      message(FATAL_ERROR
        "nnid_add_model(${target} ${ARG_NAME}): BATCH is for ONNX models")
    endif()
    if(NOT ARG_BATCH MATCHES "^([1-9][0-9]*|dynamic)$")
      message(FATAL_ERROR "nnid_add_model(${target} ${ARG_NAME}): BATCH "
                          "must be a positive number or dynamic, not "
                          "'${ARG_BATCH}'")
    endif()
  endif()
  if(NOT ARG_CPU)
    set(ARG_CPU native)
  endif()
  if(NOT ARG_OUTPUT_DIRECTORY)
    set(ARG_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/nnid)
  endif()
  set(object ${ARG_OUTPUT_DIRECTORY}/${ARG_NAME}.o)
  set(header ${ARG_OUTPUT_DIRECTORY}/${ARG_NAME}.h)
  set(options --name ${ARG_NAME} -o ${object} --header ${header}
              --cpu ${ARG_CPU})
  if(ARG_PARALLEL)
    list(APPEND options --parallel)
  endif()
  set(terminal)
  if(ARG_PROGRESS OR NNID_PROGRESS)
    list(APPEND options --progress)
    set(terminal USES_TERMINAL)
  endif()
  if(DEFINED ARG_LAYOUT)
    if(NOT ARG_LAYOUT MATCHES "^(nhwc|nchw)$")
      message(FATAL_ERROR "nnid_add_model(${target} ${ARG_NAME}): LAYOUT "
                          "must be nhwc or nchw, not '${ARG_LAYOUT}'")
    endif()
    list(APPEND options --layout=${ARG_LAYOUT})
  endif()
  foreach(flag KERNELS REPARAMETERIZE)
    if(DEFINED ARG_${flag})
      string(TOLOWER ${flag} name)
      if(ARG_${flag})
        list(APPEND options --${name}=true)
      else()
        list(APPEND options --${name}=false)
      endif()
    endif()
  endforeach()
  foreach(number VECTOR_WIDTH REGISTERS)
    if(DEFINED ARG_${number})
      if(NOT ARG_${number} MATCHES "^[0-9]+$")
        message(FATAL_ERROR "nnid_add_model(${target} ${ARG_NAME}): "
                            "${number} must be a number, not "
                            "'${ARG_${number}}'")
      endif()
      string(TOLOWER ${number} name)
      string(REPLACE "_" "-" name ${name})
      list(APPEND options --${name}=${ARG_${number}})
    endif()
  endforeach()

  if(ARG_MLIR OR ARG_ONNX)
    get_filename_component(input "${ARG_MLIR}${ARG_ONNX}" ABSOLUTE)
    if(ARG_ENTRY)
      list(APPEND options --entry ${ARG_ENTRY})
    endif()
    if(DEFINED ARG_BATCH)
      list(APPEND options --batch ${ARG_BATCH})
    endif()
    set(tool $<TARGET_FILE:nnid::nnid-compile>)
    set(command ${tool} ${input} ${options})
    set(depends ${input} ${tool})
  else()
    set(generator ${ARG_GENERATOR})
    if(ARG_MODEL_SOURCE)
      set(generator ${target}-${ARG_NAME}-generator)
      add_executable(${generator} ${ARG_MODEL_SOURCE})
      target_link_libraries(${generator} PRIVATE nnid::nnid)
      target_include_directories(${generator} PRIVATE
        ${ARG_INCLUDE_DIRECTORIES})
    endif()
    if(ARG_MODEL)
      list(APPEND options --model ${ARG_MODEL})
    endif()
    get_filename_component(weights ${ARG_WEIGHTS} ABSOLUTE)
    set(command $<TARGET_FILE:${generator}> --weights ${weights} ${options})
    set(depends ${weights} $<TARGET_FILE:${generator}>)
  endif()

  add_custom_command(
    OUTPUT ${object} ${header}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${ARG_OUTPUT_DIRECTORY}
    COMMAND ${command}
    DEPENDS ${depends}
    COMMENT "Compiling the nnid model ${ARG_NAME}"
    ${terminal}
    VERBATIM)
  set_source_files_properties(${object} PROPERTIES
    EXTERNAL_OBJECT TRUE GENERATED TRUE)
  target_sources(${target} PRIVATE ${object} ${header})
  target_include_directories(${target} PRIVATE ${ARG_OUTPUT_DIRECTORY})
  if(ARG_PARALLEL)
    if(NOT NNID_OPENMP_LIBRARY)
      message(FATAL_ERROR "nnid_add_model(${target} ${ARG_NAME}): PARALLEL "
                          "needs LLVM's libomp, which nnid did not find")
    endif()
    target_link_libraries(${target} PRIVATE ${NNID_OPENMP_LIBRARY})
  endif()
endfunction()
