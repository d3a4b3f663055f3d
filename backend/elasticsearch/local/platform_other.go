//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package local

import (
	"errors"
	"os"
	"runtime"
)

func supported() error {
	return errors.New("local mode (ES_PATH_CONF) works on Linux and other Unix systems only (it edits the node's file realm " +
		"under a Unix file lock and keeps the files' owner); on " + runtime.GOOS + ", configure Elasticsearch credentials " +
		"and create the token remotely")
}

const noFollow = 0

func tryLock(*os.File) (bool, error)        { return false, supported() }
func sameOwner(*os.File, os.FileInfo) error { return supported() }
func processExists(int) bool                { return true }
