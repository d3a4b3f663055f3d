//go:build !unix

package config

import "os"

// fileOwner is unknown here: Windows decides access by ACLs.
func fileOwner(os.FileInfo) (int, bool) { return 0, false }

var currentUID = os.Getuid

// ownedByMe cannot be told from the file's mode here (ACLs decide): no.
func ownedByMe(os.FileInfo) bool { return false }
