package config

import (
	"github.com/BurntSushi/toml"

	"github.com/tokentui/tokentui/backend/system"
)

// rawFiles are the profiles as read, each section undecoded until a
// registry row names it: [profiles.p.serverless] is a section once a
// system registers that section, and an unknown key until then.
type rawFiles map[string]map[string]toml.Primitive

// decode decodes the sections of the registry's systems.
func (raw rawFiles) decode(md toml.MetaData) (map[string]profileFile, error) {
	out := make(map[string]profileFile, len(raw))
	for name, sections := range raw {
		p := profileFile{}
		for _, row := range system.All() {
			prim, ok := sections[row.Section]
			if !ok {
				continue
			}
			sec := &sectionFile{}
			if err := md.PrimitiveDecode(prim, sec); err != nil {
				return nil, err
			}
			p[row.Section] = sec
		}
		out[name] = p
	}
	return out, nil
}

// undecoded are the keys nothing decoded, in the file's order: those the
// decoder left, and every section no registry row names (the decoder
// took those as a profile's map entries).
func undecoded(md toml.MetaData) []toml.Key {
	left := map[string]bool{}
	for _, k := range md.Undecoded() {
		left[k.String()] = true
	}
	var out []toml.Key
	for _, k := range md.Keys() {
		if left[k.String()] || len(k) == 3 && k[0] == "profiles" && !knownSection(k[2]) {
			out = append(out, k)
		}
	}
	return out
}

func knownSection(name string) bool {
	for _, row := range system.All() {
		if row.Section == name {
			return true
		}
	}
	return false
}
