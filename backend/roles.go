package backend

// ECERoles are the roles an ECE host can take, as ECE names them.
var ECERoles = []string{"allocator", "coordinator", "director", "proxy"}
