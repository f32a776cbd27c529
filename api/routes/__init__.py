"""One module per route family; `ROUTERS` is what `api.main` mounts."""

from api.routes import coral, feedback, health, model, moderate, perspective

ROUTERS = (health.router, moderate.router, feedback.router, model.router, perspective.router, coral.router)
