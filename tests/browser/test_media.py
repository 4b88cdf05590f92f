"""Hosted video and audio in a real browser: they play, the captions load
and can be switched on, the transcript opens.

The demo's clips (pages/demo/assets/README.md) are H.264/AAC video and MP3
audio, 120 s; Debian's Chromium plays both. seed_demo gives every video
Swedish captions made from its transcript, the first track, `default`.
"""

from tests.browser.helpers import screenshot

VIDEO_PAGE = "/sv/trygghetsskapande/samverkan/bostadsbolagens-roll-i-trygghetsarbetet/"
PODCAST_PAGE = (
    "/sv/motverka-brott/organiserad-brottslighet/"
    "podd-serveringstillstand-och-lamplighetsprovning/"
)


def play_muted(page, selector: str) -> None:
    """Start the element playing, muted: Chromium's autoplay policy lets a
    page play muted media without a click."""
    error = page.eval_on_selector(
        selector,
        """media => {
            media.muted = true;
            return media.play().then(() => null, error => String(error));
        }""",
    )
    assert error is None, error


def show_captions(page) -> None:
    """Captions on through the video's text tracks, as a player's CC button does."""
    page.eval_on_selector("video", "video => { video.textTracks[0].mode = 'showing'; }")
    # The cues arrive once the browser has fetched and parsed the WebVTT file.
    page.wait_for_function(
        "() => document.querySelector('video').textTracks[0].cues?.length > 0"
    )


def open_transcript(page) -> None:
    transcript = page.locator("details.transcript")
    transcript.locator("summary").click()
    assert transcript.evaluate("details => details.open")


def test_the_hosted_video_plays(page):
    page.goto(VIDEO_PAGE)
    video = page.locator("video.player")
    assert video.evaluate("video => video.canPlayType(video.firstElementChild.type)")
    play_muted(page, "video.player")
    page.wait_for_function("() => document.querySelector('video').currentTime > 0")
    assert video.evaluate("video => video.error") is None
    # The clip's whole length was read from the file served from MEDIA_ROOT.
    assert video.evaluate("video => Math.round(video.duration)") == 120


def test_the_captions_load_and_can_be_switched_on(page):
    page.goto(VIDEO_PAGE)
    track = page.locator("video.player track")
    assert track.get_attribute("srclang") == "sv"
    assert track.get_attribute("kind") == "captions"
    # Off first, then on, as a viewer would.
    page.eval_on_selector(
        "video", "video => { video.textTracks[0].mode = 'disabled'; }"
    )
    show_captions(page)
    caption = page.eval_on_selector(
        "video",
        """video => {
            const track = video.textTracks[0];
            return {mode: track.mode, label: track.label, first: track.cues[0].text};
        }""",
    )
    assert caption["mode"] == "showing"
    assert caption["label"] == "Svenska"
    # The captions are the transcript's sentences: the first one is on the page.
    transcript = page.locator("details.transcript").text_content()
    assert caption["first"] and caption["first"] in " ".join(transcript.split())
    # While the video plays, the first cue is the one on screen.
    play_muted(page, "video.player")
    page.wait_for_function(
        "() => document.querySelector('video').textTracks[0].activeCues?.length > 0"
    )


def test_the_transcript_opens_when_its_summary_is_clicked(page):
    page.goto(VIDEO_PAGE)
    transcript = page.locator("details.transcript")
    text = transcript.locator("p").first
    assert not text.is_visible()
    open_transcript(page)
    assert text.is_visible()
    assert len(text.inner_text()) > 20


def test_the_podcast_episode_plays(page):
    page.goto(PODCAST_PAGE)
    audio = page.locator("audio.player")
    assert audio.is_visible()  # the browser's own controls
    play_muted(page, "audio.player")
    page.wait_for_function("() => document.querySelector('audio').currentTime > 0")
    assert audio.evaluate("audio => audio.error") is None
    assert audio.evaluate("audio => Math.round(audio.duration)") == 120
    open_transcript(page)
    assert page.locator("details.transcript p").first.is_visible()


def test_screenshot_of_a_video_page_with_captions_and_transcript(page):
    """docs/screenshots/video-page.png: the README's picture of a video page."""
    page.goto(VIDEO_PAGE)
    show_captions(page)
    open_transcript(page)
    # A still a few seconds in, a caption on it; the video at the top and
    # the transcript's first lines below it.
    page.eval_on_selector(
        "video",
        """video => new Promise(resolve => {
            video.addEventListener('seeked', resolve, {once: true});
            video.currentTime = 3;
        })""",
    )
    page.wait_for_function(
        "() => document.querySelector('video').textTracks[0].activeCues?.length > 0"
    )
    page.wait_for_function("() => document.querySelector('video').readyState >= 3")
    page.evaluate(
        """() => window.scrollTo(0, window.scrollY
            + document.querySelector('video').getBoundingClientRect().top - 24)"""
    )
    # The player's loading indicator fades out after the seek.
    page.wait_for_timeout(1000)
    path = screenshot(page, "video-page")
    assert path.stat().st_size > 10_000
