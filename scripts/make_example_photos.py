"""Draw the example photos (our own synthetic pictures, so the repository holds no third-party image).

Run: python scripts/make_example_photos.py  → examples/photos/*.jpg, *.png
Kept small (a few tens of kilobytes each) and varied: landscape and portrait, JPEG and PNG, and one
JPEG stored sideways with an EXIF orientation tag, as phone cameras write them.
"""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "examples" / "photos"
EXIF_ORIENTATION = 0x0112
ROTATED_90_CW = 6  # the viewer must turn the stored pixels 90° clockwise


def _wall(draw: ImageDraw.ImageDraw, width: int, height: int, tint: tuple[int, int, int]) -> None:
    for y in range(height):  # wall gradient
        shade = 225 - y * 60 // height
        draw.line([(0, y), (width, y)], fill=(shade - tint[0], shade - tint[1], shade - tint[2]))


def _people(draw: ImageDraw.ImageDraw, count: int, left: int, top: int, step: int, size: int = 60) -> None:
    for i in range(count):
        x = left + i * step
        draw.ellipse([x, top, x + size, top + size], fill=(230, 190, 150))
        draw.rectangle([x - size // 6, top + size, x + size + size // 6, top + size * 7 // 3],
                       fill=(60 + i * 20 % 160, 90, 160 - i * 10 % 120))


def meeting_room(width: int = 1200, height: int = 800) -> Image.Image:
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    _wall(draw, width, height, (0, 8, 20))
    draw.rectangle([0, height * 2 // 3, width, height], fill=(120, 86, 60))  # floor
    draw.rectangle([width // 5, 60, width * 4 // 5, 300], fill=(30, 70, 140))  # screen
    draw.rectangle([width // 5 + 20, 80, width * 4 // 5 - 20, 280], fill=(235, 240, 250))
    for i in range(6):  # bar chart on the screen
        top = 260 - (i + 2) * 22
        draw.rectangle([width // 5 + 60 + i * 110, top, width // 5 + 130 + i * 110, 260], fill=(200, 60, 50))
    draw.rectangle([80, 480, width - 80, 540], fill=(90, 60, 40))  # table
    _people(draw, 7, 140, 380, 150)
    return image


def lecture_hall(width: int = 1000, height: int = 750) -> Image.Image:
    """Rows of seats facing a speaker at a lectern."""
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    _wall(draw, width, height, (20, 10, 0))
    draw.rectangle([width // 3, 40, width * 2 // 3, 200], fill=(245, 245, 235))  # screen
    draw.rectangle([width // 2 - 40, 230, width // 2 + 40, 360], fill=(110, 70, 40))  # lectern
    _people(draw, 1, width // 2 - 30, 160, 0, 50)
    for row in range(3):
        top = 420 + row * 100
        _people(draw, 8, 60 + row * 20, top, 115, 45)
    return image


def group_photo(width: int = 1100, height: int = 700) -> Image.Image:
    """Participants standing in two rows in front of a banner."""
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    _wall(draw, width, height, (0, 0, 0))
    draw.rectangle([100, 50, width - 100, 190], fill=(20, 90, 60))  # banner
    draw.rectangle([130, 80, width - 130, 160], fill=(240, 220, 120))
    _people(draw, 8, 90, 260, 120, 55)
    _people(draw, 9, 40, 420, 118, 55)
    return image


def registration_desk(width: int = 800, height: int = 1000) -> Image.Image:
    """A portrait photo: a queue at a registration desk."""
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    _wall(draw, width, height, (10, 0, 10))
    draw.rectangle([60, 620, width - 60, 700], fill=(150, 40, 40))  # desk
    draw.rectangle([width // 2 - 120, 120, width // 2 + 120, 260], fill=(250, 250, 250))  # sign
    _people(draw, 3, 150, 420, 200, 70)
    _people(draw, 4, 80, 760, 170, 60)
    return image


def survey_poster(width: int = 900, height: int = 900) -> Image.Image:
    """A square poster with a phone: the PNG example."""
    image = Image.new("RGB", (width, height), (250, 246, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle([60, 60, width - 60, 220], fill=(30, 60, 130))
    draw.rounded_rectangle([width // 2 - 150, 300, width // 2 + 150, 820], radius=40, fill=(40, 40, 40))
    draw.rectangle([width // 2 - 120, 340, width // 2 + 120, 760], fill=(230, 240, 255))
    for i in range(5):  # a QR-like pattern on the phone screen
        for j in range(5):
            if (i * 3 + j * 7) % 4:
                draw.rectangle([width // 2 - 100 + i * 40, 400 + j * 40, width // 2 - 70 + i * 40, 430 + j * 40],
                               fill=(0, 0, 0))
    return image


def save_sideways(image: Image.Image, path: Path) -> None:
    """Store the pixels turned 90° anticlockwise with the EXIF tag saying how to turn them back."""
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = ROTATED_90_CW
    image.transpose(Image.Transpose.ROTATE_90).save(path, quality=80, exif=exif)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    meeting_room().save(OUT / "meeting.jpg", quality=82)
    meeting_room(800, 1000).save(OUT / "portrait.jpg", quality=82)
    lecture_hall().save(OUT / "lecture.jpg", quality=80)
    group_photo().save(OUT / "group.jpg", quality=80)
    save_sideways(registration_desk(), OUT / "registration.jpg")
    survey_poster().quantize(32).save(OUT / "poster.png", optimize=True)


if __name__ == "__main__":
    main()
