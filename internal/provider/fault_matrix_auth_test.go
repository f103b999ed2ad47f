package provider_test

// authHardeningCells are the fault-matrix cells of token endpoints that redirect and TLS servers that cannot be trusted.
func authHardeningCells() []matrixCell {
	var cells []matrixCell
	return cells
}
