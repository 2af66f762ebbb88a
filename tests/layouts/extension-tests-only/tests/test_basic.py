def test_registered(app):
    assert "widgets" in app.extensions
