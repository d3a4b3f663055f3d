//go:build !unix

package config

import "os"

// fileOwner is unknown here: Windows decides access by ACLs.
func fileOwner(os.FileInfo) (int, bool) { return 0, false }

var currentUID = os.Getuid
