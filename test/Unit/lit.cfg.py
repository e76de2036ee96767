# lit configuration that runs nnid's GoogleTest binaries (*Tests).
import lit.formats

config.name = "nnid-unit"
config.suffixes = []
config.test_source_root = config.nnid_unit_dir
config.test_exec_root = config.nnid_unit_dir
config.test_format = lit.formats.GoogleTest(".", "Tests")
