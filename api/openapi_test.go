package api_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"github.com/renda-archive/renda/api"
)

const specURL = "file:///openapi.yaml"

// loadSpec reads docs/openapi.yaml and a compiler for its schemas.
func loadSpec(t *testing.T) (map[string]any, *jsonschema.Compiler) {
	t.Helper()
	raw, err := os.ReadFile("../docs/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("docs/openapi.yaml: %v", err)
	}
	if doc["openapi"] != "3.1.0" {
		t.Errorf("openapi %v, want 3.1.0", doc["openapi"])
	}
	// Through JSON, so that the compiler sees JSON's types.
	j, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(string(j)))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(specURL, v); err != nil {
		t.Fatal(err)
	}
	return v.(map[string]any), c
}

// schemaAt compiles the schema at a JSON pointer into the spec, following
// a $ref there.
func schemaAt(t *testing.T, c *jsonschema.Compiler, pointer string) *jsonschema.Schema {
	t.Helper()
	s, err := c.Compile(specURL + "#" + pointer)
	if err != nil {
		t.Fatalf("schema %s: %v", pointer, err)
	}
	return s
}

func escapePointer(s string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

// TestOpenAPIDescribesEveryRoute checks that docs/openapi.yaml names
// every route the server answers, and nothing else.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	doc, _ := loadSpec(t)
	var described []string
	for path, item := range doc["paths"].(map[string]any) {
		for method := range item.(map[string]any) {
			if slices.Contains([]string{"get", "put", "post", "delete", "patch"}, method) {
				described = append(described, strings.ToUpper(method)+" "+strings.TrimSuffix(path, "{file}"))
			}
		}
	}
	routes := api.New(ix, nil).Routes()
	sort.Strings(described)
	sort.Strings(routes)
	if !slices.Equal(described, routes) {
		t.Errorf("docs/openapi.yaml describes\n%v\nthe server answers\n%v", described, routes)
	}
}

// TestOpenAPIExamplesValidate checks every example in the description
// against its schema, and the live answers of the server to the requests
// each read route's x-try gives, and to posting the example document.
func TestOpenAPIExamplesValidate(t *testing.T) {
	doc, c := loadSpec(t)
	paths := doc["paths"].(map[string]any)
	examples := 0
	for path, item := range paths {
		for method, op := range item.(map[string]any) {
			opm, ok := op.(map[string]any)
			if !ok || method == "parameters" {
				continue
			}
			base := "/paths/" + escapePointer(path) + "/" + method
			check := func(pointer string, content map[string]any) {
				for media, m := range content {
					mm := m.(map[string]any)
					if ex, ok := mm["example"]; ok && media == "application/json" {
						examples++
						if err := schemaAt(t, c, pointer+"/"+escapePointer(media)+"/schema").Validate(ex); err != nil {
							t.Errorf("%s %s: example (%s) does not validate: %v", method, path, pointer, err)
						}
					}
				}
			}
			if rb, ok := opm["requestBody"].(map[string]any); ok {
				check(base+"/requestBody/content", rb["content"].(map[string]any))
			}
			for status, r := range opm["responses"].(map[string]any) {
				rm := r.(map[string]any)
				pointer := base + "/responses/" + status
				if ref, ok := rm["$ref"].(string); ok {
					pointer = strings.TrimPrefix(ref, "#")
					rm = doc["components"].(map[string]any)["responses"].(map[string]any)[strings.TrimPrefix(ref, "#/components/responses/")].(map[string]any)
				}
				if content, ok := rm["content"].(map[string]any); ok {
					check(pointer+"/content", content)
				}
			}
		}
	}
	if examples < 10 {
		t.Errorf("only %d examples checked", examples)
	}

	// Live answers.
	live := func(path, pointer string) { getValid(t, server.URL, path, pointer) }
	schema200 := func(path string) string {
		return "/paths/" + escapePointer(path) + "/get/responses/200/content/application~1json/schema"
	}
	tried := 0
	for path, item := range paths {
		if get, ok := item.(map[string]any)["get"].(map[string]any); ok {
			if q, ok := get["x-try"].(string); ok {
				live(path+"?"+q, schema200(path))
				tried++
			}
		}
	}
	_, found := get(t, "/api/search?q="+url.QueryEscape("代表")+"&size=1")
	id := found["hits"].([]any)[0].(map[string]any)["id"].(string)
	live("/api/documents/"+id, schema200("/api/documents/{id}"))
	live("/api/passages/"+id+"-2", schema200("/api/passages/{id}"))
	live("/api/health", schema200("/api/health"))
	live("/api/taxonomy", schema200("/api/taxonomy"))
	if tried < 3 {
		t.Errorf("%d routes tried live", tried)
	}

	// The example document, posted.
	srv, _ := writeServer(t)
	post := paths["/api/documents"].(map[string]any)["post"].(map[string]any)
	example := post["requestBody"].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)["example"]
	body, _ := json.Marshal(example)
	st, v := send(t, "POST", srv.URL+"/api/documents", writeToken, "application/json", strings.NewReader(string(body)))
	if st != 201 {
		t.Fatalf("posting the example document: %d %v", st, v)
	}
	raw, _ := json.Marshal(v)
	jv, _ := jsonschema.UnmarshalJSON(strings.NewReader(string(raw)))
	if err := schemaAt(t, c, "/paths/~1api~1documents/post/responses/201/content/application~1json/schema").Validate(jv); err != nil {
		t.Errorf("the answer to the example POST does not match: %v", err)
	}
}

// getValid GETs base+path, which must answer 200 with JSON matching the
// schema at pointer in docs/openapi.yaml, and returns it decoded.
func getValid(t *testing.T, base, path, pointer string) map[string]any {
	t.Helper()
	_, c := loadSpec(t)
	resp, err := http.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %.300s", path, resp.StatusCode, raw)
	}
	jv, err := jsonschema.UnmarshalJSON(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	if err := schemaAt(t, c, pointer).Validate(jv); err != nil {
		t.Errorf("GET %s: the answer does not match docs/openapi.yaml: %v", path, err)
	}
	var v map[string]any
	json.Unmarshal(raw, &v)
	return v
}
