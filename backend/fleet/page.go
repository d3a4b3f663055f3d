package fleet

// JSONMembers makes a list page decode only what tokentui reads: every
// page also carries the deprecated "list" array, a full copy of "items",
// which the transport skips by a scan instead of decoding it.
func (p *pageJSON) JSONMembers() map[string]any {
	return map[string]any{"items": &p.Items, "total": &p.Total}
}
