// Command fleetpages is the bench's floor for listing many Fleet tokens:
// it trusts the CA file in its first argument, fetches every page of
// GET <Kibana URL in the second argument>/api/fleet/enrollment_api_keys
// (perPage=1000, one page after the other, Authorization from
// $BENCH_AUTH), decodes each page's items with encoding/json into a plain
// struct, keeps them all, and prints how many it holds. It is what a
// minimal Go program does to hold the same list tokentui holds.
package main

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
)

type item struct {
	ID        string `json:"id"`
	APIKeyID  string `json:"api_key_id"`
	Name      string `json:"name"`
	Active    bool   `json:"active"`
	PolicyID  string `json:"policy_id"`
	CreatedAt string `json:"created_at"`
	ExpireAt  string `json:"expire_at"`
	Hidden    bool   `json:"hidden"`
}

type page struct {
	Items []item `json:"items"`
	Total int    `json:"total"`
}

func main() {
	n, err := run(os.Args[1], os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, "fleetpages:", err)
		os.Exit(1)
	}
	fmt.Println(n, "tokens")
}

func run(caFile, kibana string) (int, error) {
	pem, err := os.ReadFile(caFile)
	if err != nil {
		return 0, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return 0, fmt.Errorf("no certificate in %s", caFile)
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	var all []item
	for p := 1; ; p++ {
		req, err := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/api/fleet/enrollment_api_keys?page=%d&perPage=1000", kibana, p), nil)
		if err != nil {
			return 0, err
		}
		req.Header.Set("Authorization", os.Getenv("BENCH_AUTH"))
		req.Header.Set("Elastic-Api-Version", "2023-10-31")
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return 0, err
		}
		if resp.StatusCode != http.StatusOK {
			return 0, fmt.Errorf("page %d: %s", p, resp.Status)
		}
		var pg page
		if err := json.Unmarshal(body, &pg); err != nil {
			return 0, err
		}
		all = append(all, pg.Items...)
		if len(pg.Items) == 0 || len(all) >= pg.Total {
			return len(all), nil
		}
	}
}
