//! QR images: rendering QR text as PNG, SVG or terminal blocks (`govcred qr render`,
//! `issue … --png/--svg`, the demo), and decoding a photo or screenshot (`verify-qr --image`).
//!
//! Credentials are base45, whose alphabet is exactly QR's alphanumeric set, so the encoder's
//! segmentation codes them in alphanumeric mode (5.5 bits a character, numeric runs denser
//! still). Error correction is level Q (25%), as the EU Digital COVID Certificate asks of
//! the same kind of payload: it survives a scratched phone screen at a moderate size cost.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use govcred::{Error, ErrorCode};
use qrcode::render::{svg, unicode};
use qrcode::{EcLevel, QrCode};

use crate::common::{CliError, CmdResult, Ctx, Sensitivity, write_output, write_stdout};
use crate::credentials::qr_text;

/// The largest image `--image` decodes, per side (a 64-megapixel photo).
const MAX_IMAGE_SIDE: u32 = 8192;
/// The decoder's allocation cap.
const MAX_IMAGE_ALLOC: u64 = 512 * 1024 * 1024;
/// Pixels per module in a PNG: 4 keeps a 600-character license under 500 px a side.
const PNG_MODULE_PIXELS: u32 = 4;

#[derive(Subcommand, Debug)]
pub enum QrCommand {
    /// Render QR text as a PNG or SVG image, or as Unicode blocks in the terminal.
    ///
    /// The QR code is alphanumeric mode (base45 fits it exactly) at error-correction level
    /// Q. Without --png or --svg, draws it on stdout with Unicode half blocks.
    Render(RenderArgs),
}

#[derive(Args, Debug)]
pub struct RenderArgs {
    /// Write a PNG image to FILE.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["svg", "terminal"])]
    pub png: Option<PathBuf>,
    /// Write an SVG image to FILE.
    #[arg(long, value_name = "FILE", conflicts_with = "terminal")]
    pub svg: Option<PathBuf>,
    /// Draw with Unicode half blocks on stdout (the default).
    #[arg(long)]
    pub terminal: bool,
    /// The QR text (stdin when absent or -).
    #[arg(value_name = "QRTEXT|-")]
    pub qr: Option<String>,
}

/// `--png`/`--svg` of the issue commands.
#[derive(Args, Debug, Default)]
pub struct ImageOutArgs {
    /// Also write the QR code as a PNG image to FILE.
    #[arg(long, value_name = "FILE")]
    pub png: Option<PathBuf>,
    /// Also write the QR code as an SVG image to FILE.
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,
}

pub(crate) fn qr(command: &QrCommand, ctx: &Ctx) -> CmdResult {
    match command {
        QrCommand::Render(a) => render(a, ctx),
    }
}

fn render(args: &RenderArgs, _ctx: &Ctx) -> CmdResult {
    let text = qr_text(args.qr.as_deref())?;
    let text = text.trim();
    if let Some(path) = &args.png {
        write_png(path, text)
    } else if let Some(path) = &args.svg {
        write_svg(path, text)
    } else {
        write_stdout(terminal(text).map_err(CliError::Rejected)?.as_bytes())
    }
}

/// Writes the images an issue command was asked for.
pub(crate) fn write_images(args: &ImageOutArgs, text: &str) -> CmdResult {
    if let Some(path) = &args.png {
        write_png(path, text)?;
    }
    if let Some(path) = &args.svg {
        write_svg(path, text)?;
    }
    Ok(())
}

fn code(text: &str) -> Result<QrCode, Error> {
    QrCode::with_error_correction_level(text.as_bytes(), EcLevel::Q).map_err(|e| {
        Error::new(
            ErrorCode::TooLarge,
            format!("QR text does not fit a QR code: {e}"),
        )
    })
}

/// The PNG bytes of `text` as a QR code with its quiet zone.
pub(crate) fn png(text: &str) -> Result<Vec<u8>, Error> {
    let image = code(text)?
        .render::<image::Luma<u8>>()
        .quiet_zone(true)
        .module_dimensions(PNG_MODULE_PIXELS, PNG_MODULE_PIXELS)
        .build();
    let mut out = Cursor::new(Vec::new());
    image
        .write_to(&mut out, image::ImageFormat::Png)
        .map_err(|e| Error::new(ErrorCode::Internal, format!("PNG encoding failed: {e}")))?;
    Ok(out.into_inner())
}

/// The SVG document of `text` as a QR code.
pub(crate) fn svg(text: &str) -> Result<String, Error> {
    Ok(code(text)?
        .render::<svg::Color<'_>>()
        .quiet_zone(true)
        .min_dimensions(256, 256)
        .build())
}

/// The QR code in Unicode half blocks, light modules drawn so it scans from a dark terminal.
pub(crate) fn terminal(text: &str) -> Result<String, Error> {
    let mut drawn = code(text)?
        .render::<unicode::Dense1x2>()
        .dark_color(unicode::Dense1x2::Light)
        .light_color(unicode::Dense1x2::Dark)
        .quiet_zone(true)
        .build();
    drawn.push('\n');
    Ok(drawn)
}

fn write_png(path: &Path, text: &str) -> CmdResult {
    let bytes = png(text).map_err(CliError::Rejected)?;
    write_output(Some(path), &bytes, Sensitivity::Public, true)
}

fn write_svg(path: &Path, text: &str) -> CmdResult {
    let doc = svg(text).map_err(CliError::Rejected)?;
    write_output(Some(path), doc.as_bytes(), Sensitivity::Public, true)
}

/// The text of the first QR code found in a PNG or JPEG image.
pub(crate) fn decode_image(bytes: &[u8]) -> Result<String, Error> {
    let bad = |what: String| Error::new(ErrorCode::InvalidArgument, what);
    let mut reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| bad(format!("cannot read image: {e}")))?;
    if !matches!(
        reader.format(),
        Some(image::ImageFormat::Png | image::ImageFormat::Jpeg)
    ) {
        return Err(bad("not a PNG or JPEG image".to_owned()));
    }
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(MAX_IMAGE_ALLOC);
    reader.limits(limits);
    let grey = reader
        .decode()
        .map_err(|e| bad(format!("cannot decode image: {e}")))?
        .into_luma8();
    let (w, h) = (grey.width() as usize, grey.height() as usize);
    // The decoder is third-party code run on a photo from anywhere: a panic inside it is
    // reported as "no QR code", never allowed to end the process.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let found = std::panic::catch_unwind(|| {
        let mut prepared =
            rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| grey.as_raw()[y * w + x]);
        prepared
            .detect_grids()
            .into_iter()
            .find_map(|grid| grid.decode().ok().map(|(_, text)| text))
    });
    std::panic::set_hook(previous);
    found
        .ok()
        .flatten()
        .ok_or_else(|| bad("no readable QR code in the image".to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_and_decode() {
        let text = "CC1:NCFSA0X00FFWXWGSLK/E7V50848279A19X983Z6G0GQ8BV%KSJE-96+Q6646646C46KA7";
        let png = png(text).unwrap();
        assert_eq!(decode_image(&png).unwrap(), text);
        assert!(svg(text).unwrap().starts_with("<?xml"));
        let drawn = terminal(text).unwrap();
        assert!(drawn.contains('▀') || drawn.contains('▄'));
        assert!(decode_image(b"not an image").is_err());
        assert!(decode_image(&png[..png.len() / 2]).is_err());
    }
}
