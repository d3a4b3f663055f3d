package clipboard

import "runtime"

// goos is runtime.GOOS; tests set it. It picks the clipboard tool, and on
// macOS (pbcopy) and Windows (the Win32 clipboard) a local session reaches
// the native clipboard without any DISPLAY variable.
var goos = runtime.GOOS
