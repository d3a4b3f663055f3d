package backend

// Detail is one labelled fact about an error (its status, the request,
// the server's reason), for a screen that lays them out one per line.
type Detail struct{ Label, Value string }

// DetailedError is an error that can say more than its one-line text:
// the facts a user needs to understand it, and what to do about it.
type DetailedError interface {
	error
	Details() []Detail
	// Hint is one line telling the user what to do, or "".
	Hint() string
}
