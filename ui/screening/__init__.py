"""Forms of the Inngangsvilkår tab (application, mapping, conclusion)."""
