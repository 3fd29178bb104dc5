// Package links relates documents of the archive to one another. Today:
// the versions of a law or local regulation, and their comparison article
// by article (新旧对照), an article keeping its identity when it is
// renumbered. Functions are pure: they read catalog entries and documents
// and are safe for concurrent use.
package links
