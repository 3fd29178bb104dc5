// Package export writes result rows as CSV or JSON, one row at a time, so
// that an export of any size streams: nothing holds all its rows.
//
// CSV is UTF-8 with a byte-order mark, which Excel needs to read Chinese
// correctly, a header row of column names, and RFC 4180 quoting. JSON is
// one array of objects, one per row.
package export

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"

	"github.com/renda-archive/renda/corpus"
)

// Formats.
const (
	CSV  = "csv"
	JSON = "json"
)

// BOM is the byte-order mark that starts every CSV export.
const BOM = "\uFEFF"

// ContentType returns the MIME type of format.
func ContentType(format string) string {
	if format == CSV {
		return "text/csv; charset=utf-8"
	}
	return "application/json; charset=utf-8"
}

// Check returns a *corpus.Error with code EINVALID unless format is CSV or
// JSON.
func Check(format string) error {
	if format != CSV && format != JSON {
		return corpus.Errorf(corpus.EINVALID, "format %q: want csv or json", format)
	}
	return nil
}

// Writer writes rows in one format. It is not safe for concurrent use.
type Writer struct {
	format string
	out    *bufio.Writer
	csv    *csv.Writer
	enc    *json.Encoder
	rows   int
}

// NewWriter starts an export to w in format (CSV or JSON) with the given
// CSV column names. It fails with a *corpus.Error for an unknown format.
func NewWriter(w io.Writer, format string, columns []string) (*Writer, error) {
	if err := Check(format); err != nil {
		return nil, err
	}
	x := &Writer{format: format, out: bufio.NewWriterSize(w, 1<<16)}
	if format == CSV {
		x.out.WriteString(BOM)
		x.csv = csv.NewWriter(x.out)
		if err := x.csv.Write(columns); err != nil {
			return nil, err
		}
		return x, nil
	}
	x.enc = json.NewEncoder(x.out)
	x.enc.SetEscapeHTML(false)
	_, err := x.out.WriteString("[")
	return x, err
}

// Row writes one row: record, in the column order, for CSV; v, encoded
// as a JSON object, for JSON.
func (x *Writer) Row(record []string, v any) error {
	if x.format == CSV {
		if err := x.csv.Write(record); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	} else {
		if x.rows > 0 {
			x.out.WriteString(",")
		}
		x.out.WriteString("\n")
		if err := x.enc.Encode(v); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	x.rows++
	return nil
}

// Close ends the export and flushes it.
func (x *Writer) Close() error {
	if x.format == CSV {
		x.csv.Flush()
		if err := x.csv.Error(); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	} else {
		x.out.WriteString("]\n")
	}
	if err := x.out.Flush(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}
