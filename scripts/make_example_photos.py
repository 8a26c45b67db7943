"""Draw the example photos (our own synthetic pictures, so the repository holds no third-party image).

Run: python scripts/make_example_photos.py  → examples/photos/*.jpg
"""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "examples" / "photos"


def meeting_room(width: int = 1200, height: int = 800) -> Image.Image:
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):  # wall gradient
        shade = 225 - y * 60 // height
        draw.line([(0, y), (width, y)], fill=(shade, shade - 8, shade - 20))
    draw.rectangle([0, height * 2 // 3, width, height], fill=(120, 86, 60))  # floor
    draw.rectangle([width // 5, 60, width * 4 // 5, 300], fill=(30, 70, 140))  # screen
    draw.rectangle([width // 5 + 20, 80, width * 4 // 5 - 20, 280], fill=(235, 240, 250))
    for i in range(6):  # bar chart on the screen
        top = 260 - (i + 2) * 22
        draw.rectangle([width // 5 + 60 + i * 110, top, width // 5 + 130 + i * 110, 260], fill=(200, 60, 50))
    draw.rectangle([80, 480, width - 80, 540], fill=(90, 60, 40))  # table
    for i in range(7):  # people
        x = 140 + i * 150
        draw.ellipse([x, 380, x + 60, 440], fill=(230, 190, 150))
        draw.rectangle([x - 10, 440, x + 70, 520], fill=(60 + i * 20, 90, 160 - i * 10))
    return image


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    meeting_room().save(OUT / "meeting.jpg", quality=82)
    meeting_room(800, 1000).save(OUT / "portrait.jpg", quality=82)


if __name__ == "__main__":
    main()
