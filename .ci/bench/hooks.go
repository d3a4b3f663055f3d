package main

// extraFigures are figures other files add (one file per figure, appending
// in init): they run after the built-in ones, on the same binaries, and
// print their rows into the same table. The audit figure (2 profiles ×
// 10,000 tokens against the same lists) and the re-sort figure (100,000
// tokens against a filter keystroke's frame) belong here.
var extraFigures []func(t *table, b bins)
