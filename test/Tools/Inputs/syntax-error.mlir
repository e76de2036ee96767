// Not valid IR.
func.func @forward(
