// Package sim simulates the servers tokentui talks to, as http.Handlers
// with state, and a Stack that serves them on 127.0.0.1 over TLS from its
// own CA with seeded demo data. They back `tokentui --demo`, `tokentui demo
// serve` and the tests. Each simulator routes with net/http method-and-path
// patterns; what follows is what each one models.
package sim
