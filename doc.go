// Package ally holds the domain of ally: the workspace, the people in it and
// everything the user records about working with them (interactions, the
// reciprocity ledger, commitments, relationships, initiatives and their
// stakes, repair plans and snapshots), with the validation that applies where
// values enter and the error kinds that every layer shares.
//
// It imports only the standard library. Storage lives in package store, the
// use cases in package app, pure analysis in tie, coalition and network, and
// presentation in cli and web.
package ally
