using LineageEmulator.State;
using LineageEmulator.Wire;
using Microsoft.Extensions.Primitives;

namespace LineageEmulator.Tests;

/// <summary>The read path's cheaper forms (issue 11) must answer exactly as what they replaced.</summary>
public sealed class HotPathTests
{
    /// <summary>ARN parsing without Split: the same fields, and the same refusals, as splitting on the first five colons.</summary>
    [Theory]
    [InlineData("arn:aws:sagemaker:us-east-1:111111111111:artifact/abc")]
    [InlineData("arn:aws:ram::aws:permission/AWSRAMDefaultPermissionSageMakerLineageGroup")]
    [InlineData("arn:aws:organizations::777777777777:ou/o-1/ou-2")]
    [InlineData("arn:aws:iam::111111111111:root")]
    [InlineData("arn:aws:sagemaker:us-east-1:111111111111:model-package/g/1:extra:colons")]
    [InlineData("arn:aws-cn:s3:::bucket")]
    [InlineData("arn::sagemaker:r:a:x")]
    [InlineData("arn:aws::r:a:x")]
    [InlineData("arn:aws:sagemaker:r:a:")]
    [InlineData("arn:aws:sagemaker:r:a")]
    [InlineData("arn:aws:sagemaker")]
    [InlineData("arn:")]
    [InlineData("arn")]
    [InlineData("ARN:aws:sagemaker:r:a:x")]
    [InlineData("not-an-arn")]
    [InlineData("")]
    [InlineData(":::::")]
    [InlineData("arn:::::")]
    [InlineData("arn:a:b:::c")]
    public void Arn_parsing_matches_splitting_on_five_colons(string value)
    {
        var parts = value.Split(':', 6);
        var expected = value.StartsWith("arn:", StringComparison.Ordinal) && parts.Length == 6 && parts[1].Length > 0 &&
                       parts[2].Length > 0 && parts[5].Length > 0
            ? new Arn(parts[1], parts[2], parts[3], parts[4], parts[5])
            : (Arn?)null;
        Assert.Equal(expected is not null, Arn.TryParse(value, out var parsed));
        if (expected is { } e) Assert.Equal(e, parsed);
    }

    /// <summary>
    /// AWS request ids (x-amzn-RequestId) are UUIDs, e.g. "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111" in the SageMaker
    /// API reference's examples; the emulator's are random version-4 ones, each different.
    /// </summary>
    [Fact]
    public void Request_ids_are_distinct_version_4_uuids()
    {
        var ids = Enumerable.Range(0, 2000).Select(_ => RequestIds.New()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", id));
    }

    private const string Scope = "111111111111/20260101/us-east-1/sagemaker/aws4_request";

    private static RequestSignature ReadHeader(string header) => SigV4.Read(new StringValues(header), _ => StringValues.Empty, "sagemaker", 400);

    /// <summary>The Authorization header read as spans: components trimmed, unknown and empty ones passed over.</summary>
    [Theory]
    [InlineData("AWS4-HMAC-SHA256 Credential=" + Scope + ", SignedHeaders=host;x-amz-date, Signature=abc")]
    [InlineData("AWS4-HMAC-SHA256 Credential=" + Scope + ",SignedHeaders=host;x-amz-date,Signature=abc")]
    [InlineData("AWS4-HMAC-SHA256  Credential=" + Scope + " ,, Foo=bar, =x, SignedHeaders=host;x-amz-date , Signature=abc ")]
    public void Authorization_header_components_are_read_whatever_the_spacing(string header)
    {
        var s = ReadHeader(header);
        Assert.Equal(("111111111111", "us-east-1", "host;x-amz-date", "abc"), (s.AccessKeyId, s.Region, s.SignedHeaders, s.Signature));
    }

    [Fact]
    public void A_component_given_twice_is_named_in_the_refusal()
    {
        var header = "AWS4-HMAC-SHA256 Credential=" + Scope + ", Credential=222222222222/20260101/us-east-1/sagemaker/aws4_request, SignedHeaders=host, Signature=0";
        var e = Assert.Throws<IncompleteSignatureException>(() => ReadHeader(header));
        Assert.Equal("Authorization header has 'Credential' more than once. Authorization=" + header, e.Message);
    }

    [Fact]
    public void Missing_components_are_each_named_in_the_refusal()
    {
        var header = "AWS4-HMAC-SHA256 Credential=" + Scope + ", Signature=";
        var e = Assert.Throws<IncompleteSignatureException>(() => ReadHeader(header));
        Assert.Equal("Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. " +
                     "Authorization=" + header, e.Message);
    }

    /// <summary>The credential scope's date is checked without DateTime's parser, accepting exactly what it accepts.</summary>
    [Theory]
    [InlineData("20260101")]
    [InlineData("20240229")]
    [InlineData("20230229")]
    [InlineData("00010101")]
    [InlineData("00000101")]
    [InlineData("99991231")]
    [InlineData("20261301")]
    [InlineData("20260100")]
    [InlineData("20260431")]
    [InlineData("2026010")]
    [InlineData("202601011")]
    [InlineData("2026-1-1")]
    [InlineData("+2026010")]
    [InlineData(" 2026010")]
    [InlineData("２０２６０１０１")]
    [InlineData("")]
    public void Scope_dates_are_those_DateTime_parses_as_yyyyMMdd(string value) =>
        Assert.Equal(DateTime.TryParseExact(value, "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out _), SigV4.IsDate(value));
}
