"""The leaders' cockpit (驾驶舱): figures and charts across modules, per scope."""
