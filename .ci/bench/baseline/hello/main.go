// Command hello is the bench's floor for starting a Go binary.
package main

import "fmt"

func main() { fmt.Println("hello") }
