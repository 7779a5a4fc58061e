"""Pages as the tests read them: parsed with BeautifulSoup, never matched as substrings."""

from bs4 import BeautifulSoup


def parse(response) -> BeautifulSoup:
    """The HTML of a test client's response, parsed."""
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


class PageClient:
    """A test client that fetches a page, checks its status and returns the parsed page."""

    def __init__(self, client) -> None:
        self.client = client

    def get(self, url: str, status: int = 200, **kwargs) -> BeautifulSoup:
        return self._checked(self.client.get(url, **kwargs), status)

    def post(self, url: str, status: int = 200, **kwargs) -> BeautifulSoup:
        return self._checked(self.client.post(url, **kwargs), status)

    @staticmethod
    def _checked(response, status: int) -> BeautifulSoup:
        got = response.status_code
        assert got == status, f"{response.request.path} answered {got}, not {status}"
        return parse(response)
