from core.uploads import random_name


def scan_path(instance, filename):
    # The original name may carry a person's or a supplier's name: keep only the extension.
    # A random name, because the row has no primary key yet when its scan is first saved.
    return random_name(f"funding/{instance._meta.model_name}", filename)
