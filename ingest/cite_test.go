package ingest_test

import (
	"strings"
	"testing"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/ingest"
	"github.com/renda-archive/renda/internal/golden"
)

// TestCitations cites a passage of each kind of sample — a national
// government work report, a district standing-committee report, a law and
// a local regulation — in every style, against testdata/citations.txt; and
// checks over every passage of the samples that a citation names its
// document's title exactly.
func TestCitations(t *testing.T) {
	var b strings.Builder
	cited := map[corpus.Type]bool{}
	_, err := corpus.Load([]string{samples}, func(d *corpus.Document) error {
		if err := ingest.Prepare(d); err != nil {
			return err
		}
		for k := range d.Passages {
			p := &d.Passages[k]
			ref := d.Cite(p)
			for _, c := range []string{ref.Citation(), ref.GBT7714()} {
				if !strings.Contains(c, "《"+d.Title+"》") && !strings.Contains(c, d.Title+"[") {
					t.Errorf("%s: citation does not name the title %q: %s", p.ID, d.Title, c)
				}
			}
		}
		if cited[d.Type] {
			return nil
		}
		for k := range d.Passages {
			p := &d.Passages[k]
			law := d.Type == corpus.TypeLaw || d.Type == corpus.TypeLocalRegulation
			if law && p.Article > 1 || !law && p.Kind == corpus.KindPlan && p.Role != corpus.RoleHeading {
				cited[d.Type] = true
				ref := d.Cite(p)
				b.WriteString(string(d.Type) + "\n" + ref.Citation() + "\n" + ref.GBT7714() + "\n" + ref.Citation() + " " + corpus.Permalink(p.ID) + "\n\n")
				break
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/citations.txt", b.String())
	if len(cited) < 4 {
		t.Errorf("cited %d kinds of document, want report, standing report, law and regulation", len(cited))
	}
}
