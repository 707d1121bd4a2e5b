"""End-to-end tests of the Flowbook kernel through Jupyter's own client; see support.py for how they find the kernel."""
