import pytest
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_fails(page, axe):
    page.goto("/")
    page.evaluate("document.querySelector('main').innerHTML += '<input type=text><button></button>'")
    axe(page)
