package ally

import "time"

// Workspace is a private or team space. Every other row belongs to exactly
// one workspace, and every query is scoped by it.
type Workspace struct {
	ID      int64     `json:"id"`
	Name    string    `json:"name"`
	MeID    int64     `json:"me_id"` // the person who is the user; 0 until set
	Created time.Time `json:"created"`
}

// Validate reports whether the workspace can be stored.
func (w *Workspace) Validate() error {
	if err := requireText("workspace name", w.Name, 200); err != nil {
		return err
	}
	return nil
}
