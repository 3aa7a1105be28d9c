from .access import user_access


def access(request):
    return {"access": user_access(getattr(request, "user", None))}
