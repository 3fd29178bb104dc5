// Package api is Renda's HTTP interface: a JSON API over gorilla/mux and the
// pages of package web. Handlers are methods on Server; every API error reaches the client
// as {"error": {"code", "message"}} with one status per code.
package api
