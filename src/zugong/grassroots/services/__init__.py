"""Every write of the grassroots module: one module per area, each write audited."""
