package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/renda-archive/renda/corpus"
	"github.com/renda-archive/renda/indexer"
	"github.com/renda-archive/renda/search"
)

// archive is where a read command gets its answers: the data folder
// itself, or, when a running `renda serve` holds the folder, that server,
// so that a command started beside it answers instead of waiting.
type archive struct {
	ix     *indexer.Index // nil when remote
	engine *search.Engine
	base   string // "http://127.0.0.1:8080" when remote
	client *http.Client
}

// openArchive opens data for reading. A folder held by a server that has
// announced its address is read through that server; one held by another
// command gives the *indexer.LockedError, which says who holds it.
func openArchive(data string, stderr io.Writer) (*archive, error) {
	ix, err := indexer.Open(data)
	var le *indexer.LockedError
	if errors.As(err, &le) && le.Holder.Addr != "" {
		fmt.Fprintf(stderr, "renda: %s is served by process %d; asking it at http://%s\n", data, le.Holder.PID, le.Holder.Addr)
		return &archive{base: "http://" + le.Holder.Addr, client: &http.Client{Timeout: 2 * time.Minute}}, nil
	}
	if err != nil {
		return nil, openError(data, err)
	}
	return &archive{ix: ix, engine: search.New(ix)}, nil
}

// openError says what to do about a data folder that cannot be opened.
func openError(data string, err error) error {
	var le *indexer.LockedError
	switch {
	case errors.As(err, &le):
		return fmt.Errorf("%v; wait for it to finish or stop it, then try again", le)
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s holds no archive: `renda serve --data %s` builds the default one, `renda import --data %s FILES` one of your files", data, data, data)
	}
	return err
}

func (a *archive) close() {
	if a.ix != nil {
		a.ix.Close()
	}
}

// search runs req here or on the server.
func (a *archive) search(ctx context.Context, req search.Request) (*search.Response, error) {
	if a.engine != nil {
		return a.engine.Search(ctx, req)
	}
	var resp search.Response
	return &resp, a.get(ctx, "/api/search", searchParams(req), &resp)
}

// kwic runs req here or on the server.
func (a *archive) kwic(ctx context.Context, req search.KWICRequest) (*search.KWICResponse, error) {
	if a.engine != nil {
		return a.engine.KWIC(ctx, req)
	}
	var resp search.KWICResponse
	return &resp, a.get(ctx, "/api/kwic", kwicParams(req), &resp)
}

// trends runs req here or on the server.
func (a *archive) trends(ctx context.Context, req search.TrendsRequest) (*search.TrendsResponse, error) {
	if a.engine != nil {
		return a.engine.Trends(ctx, req)
	}
	var resp search.TrendsResponse
	return &resp, a.get(ctx, "/api/trends", url.Values{"q": {req.Query}, "split": {req.Split}}, &resp)
}

// export writes every row of an export to w: here with local, or as the
// server's download of path with params and format.
func (a *archive) export(ctx context.Context, w io.Writer, path string, params url.Values, format string, local func() error) error {
	if a.engine != nil {
		return local()
	}
	params.Set("format", format)
	resp, err := a.do(ctx, path, params)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(w, resp.Body); err != nil {
		return fmt.Errorf("export from %s: %w", a.base, err)
	}
	return nil
}

func searchParams(req search.Request) url.Values {
	return url.Values{"q": {req.Query}, "sort": {req.Sort}, "page": {num(req.Page)}, "size": {num(req.Size)}}
}

func kwicParams(req search.KWICRequest) url.Values {
	return url.Values{"q": {req.Query}, "sort": {req.Sort}, "width": {num(req.Width)}, "page": {num(req.Page)}, "size": {num(req.Size)}}
}

func num(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// get decodes the server's JSON answer to path?params into out.
func (a *archive) get(ctx context.Context, path string, params url.Values, out any) error {
	resp, err := a.do(ctx, path, params)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("answer of %s: %w", a.base, err)
	}
	return nil
}

// do sends the request and turns an error answer into the *corpus.Error
// the server sent, so that it reads as it would from the folder.
func (a *archive) do(ctx context.Context, path string, params url.Values) (*http.Response, error) {
	for k, v := range params {
		if len(v) == 1 && v[0] == "" {
			delete(params, k)
		}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.base+path+"?"+params.Encode(), nil)
	if err != nil {
		return nil, err
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("the server at %s does not answer (%w); if it was stopped, try again", a.base, err)
	}
	if resp.StatusCode == http.StatusOK {
		return resp, nil
	}
	defer resp.Body.Close()
	var e struct{ Error corpus.Error }
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&e); err != nil || e.Error.Code == "" {
		return nil, fmt.Errorf("the server at %s answered %s", a.base, resp.Status)
	}
	return nil, &e.Error
}
