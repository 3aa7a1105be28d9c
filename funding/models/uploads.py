import uuid


def scan_path(instance, filename):
    # The original name may carry a person's or a supplier's name: keep only the extension.
    # A random name, because the row has no primary key yet when its scan is first saved.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"funding/{instance._meta.model_name}/{uuid.uuid4().hex}.{extension}"
