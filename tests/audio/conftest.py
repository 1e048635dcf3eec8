import pytest


@pytest.fixture
def upload_dir(settings, tmp_path_factory):
    """Every upload is spooled to a temporary file here, so a test can see that none is left behind."""
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path_factory.mktemp("uploads")
    return settings.FILE_UPLOAD_TEMP_DIR
